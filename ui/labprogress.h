#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace netfence::ui {

// Which steps of which lab the learner has passed, and when, kept in QSettings across sessions.
namespace LabProgress {

// The key a lab's progress is kept under: "builtin:NAME" for a lab of the app's resources,
// else the lab file's absolute path.
QString key(const QString &labPath);
// Records the first time a step passed; later passes keep that time.
void markPassed(const QString &key, const QString &stepId);
// Step id -> when it first passed.
QMap<QString, QDateTime> passed(const QString &key);
void reset(const QString &key);

// Lab files opened lately (not the built-in ones), newest first.
QStringList recentLabs();
void addRecentLab(const QString &path);
// The folder of labs the teacher chose for the gallery, or "".
QString labFolder();
void setLabFolder(const QString &folder);

} // namespace LabProgress

} // namespace netfence::ui
