#include "ui/labprogress.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace netfence::ui::LabProgress {

namespace {

constexpr int kMaxRecentLabs = 10;

// A path holds '/' (a QSettings group separator) and anything else a file name may: encoded.
QString settingsKey(const QString &key)
{
    return QStringLiteral("labProgress/") + QString::fromLatin1(QUrl::toPercentEncoding(key));
}

} // namespace

QString key(const QString &labPath)
{
    if (labPath.startsWith(QLatin1String(":/labs/")) &&
        labPath.endsWith(QLatin1String(".lab.yaml")))
        return QStringLiteral("builtin:") + labPath.mid(7, labPath.size() - 7 - 9);
    return QFileInfo(labPath).absoluteFilePath();
}

void markPassed(const QString &key, const QString &stepId)
{
    QSettings settings;
    QVariantMap steps = settings.value(settingsKey(key)).toMap();
    if (steps.contains(stepId)) return;
    steps.insert(stepId, QDateTime::currentDateTimeUtc());
    settings.setValue(settingsKey(key), steps);
}

QMap<QString, QDateTime> passed(const QString &key)
{
    QMap<QString, QDateTime> out;
    const QVariantMap steps = QSettings().value(settingsKey(key)).toMap();
    for (auto it = steps.begin(); it != steps.end(); ++it)
        out.insert(it.key(), it.value().toDateTime());
    return out;
}

void reset(const QString &key)
{
    QSettings().remove(settingsKey(key));
}

QStringList recentLabs()
{
    return QSettings().value(QStringLiteral("recentLabs")).toStringList();
}

void addRecentLab(const QString &path)
{
    if (path.startsWith(QLatin1String(":/"))) return;
    QStringList recent = recentLabs();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentLabs)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentLabs"), recent);
}

QString labFolder()
{
    return QSettings().value(QStringLiteral("labFolder")).toString();
}

void setLabFolder(const QString &folder)
{
    QSettings().setValue(QStringLiteral("labFolder"), folder);
}

} // namespace netfence::ui::LabProgress
