#pragma once

#include <QDateTime>
#include <QHash>
#include <QLockFile>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace netfence::ui {

class Document;

// Where a lab stood: recovery reopens the lab there.
struct LabSession
{
    QString path; // the lab file, or its ":/" resource
    int step = 0;
    int unlocked = 1;
    int hints = 0;
};

// Work left behind by a netfence that did not exit cleanly.
struct Recovery
{
    QString file;      // the autosave file
    QString title;     // what was open ("Lab: ...", a file name)
    QStringList paths; // the manifests it came from
    QDateTime saved;
    QString design; // the whole design as manifests (namespaces, workloads, policies)
    QHash<QString, QPointF> positions;
    std::optional<LabSession> lab;
};

// Writes the open document's unsaved edits to the user's state folder every minute, under a
// lock that says this process is alive. A file whose lock nobody holds belongs to a netfence
// that crashed or was killed: the next start offers to recover it.
class Autosaver : public QObject
{
    Q_OBJECT

public:
    explicit Autosaver(Document *document, QObject *parent = nullptr);
    ~Autosaver() override;

    // The folder the autosave files go to (per user; tests point it elsewhere with
    // NETFENCE_STATE_DIR).
    static QString folder();
    static std::vector<Recovery> orphans();
    static void discard(const Recovery &recovery);

    void setInterval(int milliseconds) { mTimer.setInterval(milliseconds); }
    // Writes now when there are unsaved edits, removes the file when there are none.
    bool saveNow();
    // For a process that is ending without the user's say (a signal): writes the unsaved
    // edits one last time and leaves them for the next start; the lock still goes.
    void keepForRecovery();
    void setTitle(const QString &title) { mTitle = title; }
    // Asked at every save for the open lab, if any.
    void setLabSource(std::function<std::optional<LabSession>()> source)
    {
        mLabSource = std::move(source);
    }
    QString file() const { return mFile; }

private:
    Document *mDocument;
    QTimer mTimer;
    QString mFile;
    std::unique_ptr<QLockFile> mLock;
    QString mTitle;
    std::function<std::optional<LabSession>()> mLabSource;
    bool mKeepFile = false;
};

} // namespace netfence::ui
