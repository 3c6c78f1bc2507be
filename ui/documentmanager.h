#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMessageBox>
#include <QObject>
#include <QPair>
#include <QStringList>

#include <functional>

class QWidget;

namespace netfence::ui {

class Document;

// The design's life on disk, apart from the window that shows it: where Save writes (policies
// only, or the whole design), whether a file changed on disk since netfence read or wrote it,
// one file per policy into a folder, the recent files and Reload. Messages go out by signal;
// questions through a handler that tests replace.
class DocumentManager : public QObject
{
    Q_OBJECT

public:
    // `dialogParent` owns the file dialogs and message boxes; it may be null in tests.
    DocumentManager(Document *document, QWidget *dialogParent, QObject *parent = nullptr);

    Document *document() const { return mDocument; }

    using QuestionHandler = std::function<QMessageBox::StandardButton(
        const QString &title, const QString &text, QMessageBox::StandardButtons buttons)>;
    // With a handler nothing modal is shown: questions go to it, failures only to lastSaveError().
    void setQuestionHandler(QuestionHandler handler) { mAsk = std::move(handler); }
    QMessageBox::StandardButton ask(const QString &title, const QString &text,
                                    QMessageBox::StandardButtons buttons);

    // Loads manifests, remembers when each was read and puts them first among the recent files.
    void open(const QStringList &paths);
    // For paths the document took some other way (read on a worker thread): stamps, recent files.
    void noteOpened(const QStringList &paths);
    // Where Save writes without asking; empty until the design is saved, and again after a load.
    QString saveTarget() const { return mSaveTarget; }
    bool savesWholeDesign() const { return mSaveWholeDesign; }
    // Asks whether to save unsaved changes; false when the user cancelled or saving failed.
    bool maybeSave();
    bool save();
    bool saveAs();
    // Writes the policies (and with `wholeDesign`, namespaces and workloads) to one file.
    bool saveTo(const QString &file, bool wholeDesign);
    // One file per policy into the folder.
    bool saveToFolder(const QString &folder);
    // The problem of the last failed save; empty after a save that worked.
    QString lastSaveError() const { return mLastSaveError; }
    // Reads the opened files again; asks first when that would drop unsaved changes.
    bool reload();
    // Takes paths that are read some other way (a large cluster, on a worker thread): true when
    // it took them (noteOpened follows once they are read). Used by open() and reload().
    using BackgroundOpener = std::function<bool(const QStringList &paths)>;
    void setBackgroundOpener(BackgroundOpener opener) { mBackgroundOpener = std::move(opener); }

    // Remembers the file as netfence now knows it (time and size).
    void stamp(const QString &file);
    // Whether another program changed a stamped file since; unstamped files never count.
    bool changedOnDisk(const QString &file) const;

    static constexpr int kMaxRecent = 10;
    // Most recent first; each entry is the paths that were opened together.
    QList<QStringList> recentFiles() const;
    void addRecent(const QStringList &paths);

signals:
    // A message for the status bar, shown for `timeoutMs`.
    void statusMessage(const QString &text, int timeoutMs);
    // The save target changed, or a save made the design clean: the title is stale.
    void saveTargetChanged();
    void recentFilesChanged();

private:
    Document *mDocument;
    QWidget *mDialogParent;
    QuestionHandler mAsk;
    BackgroundOpener mBackgroundOpener;
    QString mLastSaveError;
    // When each file we may write over was last read or written, to spot changes by others.
    QHash<QString, QPair<QDateTime, qint64>> mStamps;
    QString mSaveTarget;
    bool mSaveWholeDesign = false;
};

} // namespace netfence::ui
