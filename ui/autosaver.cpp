#include "ui/autosaver.h"

#include "core/yamlwriter.h"
#include "ui/atomicfile.h"
#include "ui/document.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace netfence::ui {

namespace {

constexpr int kDefaultInterval = 60 * 1000;

QString lockPath(const QString &file)
{
    return file + QStringLiteral(".lock");
}

// Locks of netfences that died without cleaning up (SIGKILL, a crash, a power cut): their
// autosave files stay to be recovered, but the locks would pile up. QLockFile takes over a
// lock whose process is gone (its pid dead or another program's) and deletes it on unlock.
void removeStaleLocks(const QDir &dir)
{
    const QStringList locks = dir.entryList({QStringLiteral("autosave-*.json.lock")}, QDir::Files);
    for (const QString &name : locks) {
        QLockFile lock(dir.filePath(name));
        lock.setStaleLockTime(0);
        if (lock.tryLock(0)) lock.unlock();
    }
}

} // namespace

QString Autosaver::folder()
{
    const QString custom = qEnvironmentVariable("NETFENCE_STATE_DIR");
    const QString base =
        custom.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                         : custom;
    return QDir(base).filePath(QStringLiteral("autosave"));
}

Autosaver::Autosaver(Document *document, QObject *parent) : QObject(parent), mDocument(document)
{
    QDir().mkpath(folder());
    removeStaleLocks(QDir(folder()));
    mFile = QDir(folder()).filePath(
        QStringLiteral("autosave-%1.json").arg(QCoreApplication::applicationPid()));
    mLock = std::make_unique<QLockFile>(lockPath(mFile));
    mLock->setStaleLockTime(0);
    mLock->tryLock(0);
    mTimer.setInterval(qEnvironmentVariableIntValue("NETFENCE_AUTOSAVE_MS") > 0
                           ? qEnvironmentVariableIntValue("NETFENCE_AUTOSAVE_MS")
                           : kDefaultInterval);
    connect(&mTimer, &QTimer::timeout, this, &Autosaver::saveNow);
    mTimer.start();
}

Autosaver::~Autosaver()
{
    // A clean exit leaves nothing to recover.
    if (!mKeepFile) QFile::remove(mFile);
    mLock->unlock();
}

void Autosaver::keepForRecovery()
{
    mTimer.stop();
    mKeepFile = mDocument->isModified() && saveNow();
}

bool Autosaver::saveNow()
{
    if (!mDocument->isModified()) {
        QFile::remove(mFile);
        return true;
    }
    const std::string design = core::YamlWriter::design(mDocument->cluster());
    QJsonObject positions;
    for (auto it = mDocument->positions().begin(); it != mDocument->positions().end(); ++it)
        positions.insert(it.key(), QJsonArray{it.value().x(), it.value().y()});
    QJsonObject root{{"format", "netfence-autosave-1"},
                     {"title", mTitle},
                     {"paths", QJsonArray::fromStringList(mDocument->paths())},
                     {"saved", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                     {"design", QString::fromStdString(design)},
                     {"positions", positions}};
    if (const std::optional<LabSession> lab = mLabSource ? mLabSource() : std::nullopt)
        root.insert("lab", QJsonObject{{"path", lab->path},
                                       {"step", lab->step},
                                       {"unlocked", lab->unlocked},
                                       {"hints", lab->hints}});
    return writeFileAtomically(mFile, QJsonDocument(root).toJson());
}

std::vector<Recovery> Autosaver::orphans()
{
    std::vector<Recovery> found;
    const QDir dir(folder());
    for (const QString &name :
         dir.entryList({QStringLiteral("autosave-*.json")}, QDir::Files, QDir::Time)) {
        const QString file = dir.filePath(name);
        QLockFile lock(lockPath(file));
        if (!lock.tryLock(0)) continue; // its netfence is still running
        lock.unlock();
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly)) continue;
        const QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        if (root.value("format").toString() != QLatin1String("netfence-autosave-1")) continue;
        Recovery r;
        r.file = file;
        r.title = root.value("title").toString();
        for (const QJsonValue &p : root.value("paths").toArray())
            r.paths << p.toString();
        r.saved = QDateTime::fromString(root.value("saved").toString(), Qt::ISODate);
        r.design = root.value("design").toString();
        const QJsonObject positions = root.value("positions").toObject();
        for (auto it = positions.begin(); it != positions.end(); ++it) {
            const QJsonArray xy = it.value().toArray();
            if (xy.size() == 2)
                r.positions.insert(it.key(), QPointF(xy[0].toDouble(), xy[1].toDouble()));
        }
        if (const QJsonObject lab = root.value("lab").toObject();
            !lab.value("path").toString().isEmpty())
            r.lab = LabSession{lab.value("path").toString(), lab.value("step").toInt(),
                               lab.value("unlocked").toInt(1), lab.value("hints").toInt()};
        found.push_back(r);
    }
    return found;
}

void Autosaver::discard(const Recovery &recovery)
{
    QFile::remove(recovery.file);
    QFile::remove(lockPath(recovery.file));
}

} // namespace netfence::ui
