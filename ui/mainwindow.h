#pragma once

#include "core/clusterimport.h"
#include "core/clusterpolicyrecipes.h"
#include "core/policyrecipes.h"

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QSet>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>

class QAction;
class QGraphicsItem;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QTimer;
class QToolBar;

namespace netfence::ui {

class Autosaver;
class ClusterImporter;
class ClusterOpener;
class DeniedPairItem;
class Document;
class DocumentManager;
class EditEvaluator;
class GraphScene;
class GraphView;
class InspectorDock;
class ChangesDock;
class LintMarkers;
class ConnectivityTestDock;
class LabDock;
class LegendDock;
class MatrixDock;
class PolicyDock;
class ProblemsDock;

// The editor window: graph in the middle, docks around it, the usual menus and shortcuts.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return mDocument; }
    GraphScene *scene() const { return mScene; }
    GraphView *view() const { return mView; }
    PolicyDock *policyDock() const { return mPolicyDock; }
    InspectorDock *inspector() const { return mInspector; }
    LabDock *labDock() const { return mLabDock; }
    ChangesDock *changesDock() const { return mChanges; }
    ConnectivityTestDock *connectivityTestDock() const { return mTestDock; }
    LintMarkers *lintMarkers() const { return mLintMarkers; }
    // The current lab step, or the selected pods pairwise, as a connectivity test file.
    std::string connectivityTestText() const;
    LegendDock *legendDock() const { return mLegend; }
    QAction *undoAction() const { return mUndo; }
    QAction *redoAction() const { return mRedo; }
    QAction *showExposureAction() const { return mShowExposure; }
    QToolBar *mainToolBar() const { return mToolBar; }

    // A message in the status bar beside the counters, elided to fit (the full text in its
    // tooltip). It goes after `timeoutMs`, and with `untilNextEdit` also when the design
    // changes again, since it describes the design as it is now.
    void showStatus(const QString &text, int timeoutMs, bool untilNextEdit = false);
    QString statusText() const { return mStatusFull; }
    QLabel *statusLabel() const { return mStatusLabel; }
    QLabel *countsLabel() const { return mCounts; }
    // Finds a pod by name and shows it: selected, centred at a readable zoom, flashing.
    bool findPod(const QString &text);
    // Selects the node with this id ("ns/name") and turns focus mode on (View -> Focus).
    bool focusOn(const QString &id);
    // The dashed red "denied" arrows: two selected pods that may not talk, lab requirements
    // that must be allowed and are not.
    QList<DeniedPairItem *> deniedLines() const { return mDenied; }

    // Large inputs are read and evaluated off the UI thread (ClusterOpener, progress and
    // Cancel); the new document replaces the old one only when it is complete.
    void openPaths(const QStringList &paths);
    ClusterOpener *clusterOpener() const { return mOpener; }
    EditEvaluator *editEvaluator() const { return mEditEvaluator; }
    // File -> Labs...: the gallery of labs; opens the one chosen.
    void openLabGallery();
    // Where Policies -> New puts a policy: the selected namespace, else the lab's, else one
    // with workloads, else "default".
    QString namespaceForNewPolicy() const;
    // A built-in teaching lab at step 1: "netpol-lab" (the default) or "platform-guardrails".
    void openBuiltInLab(const QString &name = QString());
    // Adds a platform recipe's cluster policies (one undo step) and selects the first.
    void applyClusterRecipe(const core::ClusterRecipe &recipe);
    // The namespace context menu's "Cluster policy" recipes (guard, delegate, baseline deny, DNS).
    QMenu *clusterPolicyMenu(const QString &ns, QWidget *parent);
    // A lab file; its problems are shown, and it stays closed when it has errors.
    bool openLab(const QString &path);
    bool exportImage(const QString &file);
    // Reads the cluster through kubectl off the GUI thread (progress with Cancel), saves the
    // snapshot into `snapshotFolder` (new or empty) and opens it from there. Failures (the
    // command, its exit code and stderr) are shown and kept in lastImportError().
    void importFromCluster(core::ClusterImport::Options options, const QString &snapshotFolder);
    ClusterImporter *clusterImporter() const { return mImporter; }
    QString lastImportError() const { return mLastImportError; }

    // Offers to recover work a crashed or killed netfence left behind; true when recovered.
    bool offerRecovery();
    Autosaver *autosaver() const { return mAutosaver; }
    // Ends the program as a termination signal asks, without questions: unsaved edits stay in
    // the autosave for the next start to offer; the exit status is 128 + the signal's number.
    void endOnSignal(int signalNumber);
    // Every question the window asks goes through this; tests answer it themselves.
    using QuestionHandler = std::function<QMessageBox::StandardButton(
        const QString &title, const QString &text, QMessageBox::StandardButtons buttons)>;
    void setQuestionHandler(QuestionHandler handler);
    // Saving, the save target, changed-on-disk checks, recent files and reload.
    DocumentManager *documentManager() const { return mFiles; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    void updateTitle();
    void updateStatus();
    void finishOpen(); // after the document took what openPaths read
    void rebuildRecentMenu();
    void showContextMenu(QGraphicsItem *item, const QPoint &screenPos);
    void addNamespace();
    void addWorkload(const QString &ns);
    void editWorkload(int index);
    // Asks for a new workload (no index) or changes to one, and applies them as one edit.
    void workloadDialog(const core::Workload &initial, std::optional<size_t> index);
    void deleteSelection();
    void renameNamespace(const QString &name);
    void applyRecipe(const core::Recipe &recipe);
    void openLocation(const QString &file, int line, int column);
    void fitWhenContentGrows();
    void layOutDocks();
    void showShortcuts();
    void elideStatus();
    void updateDeniedLines();

    Document *mDocument;
    GraphScene *mScene;
    GraphView *mView;
    InspectorDock *mInspector;
    PolicyDock *mPolicyDock;
    ProblemsDock *mProblems;
    MatrixDock *mMatrix;
    LabDock *mLabDock;
    LegendDock *mLegend;
    ChangesDock *mChanges = nullptr;
    ConnectivityTestDock *mTestDock = nullptr;
    LintMarkers *mLintMarkers = nullptr;
    QToolBar *mToolBar;
    QLineEdit *mSearch;
    ClusterImporter *mImporter = nullptr;
    ClusterOpener *mOpener = nullptr;
    EditEvaluator *mEditEvaluator = nullptr;
    QString mLastImportError;
    QLabel *mCounts;
    QLabel *mStatusLabel;
    QString mStatusFull;
    QTimer *mStatusTimer;
    int mStatusEditIndex = -1; // the undo index the message is about; -1: any
    // What the view has shown: new namespaces or nodes outside the view make it fit again.
    QSet<QString> mSeenNamespaces, mSeenNodes;
    QList<DeniedPairItem *> mDenied;
    QProgressBar *mBusy;
    QPushButton *mCancelLayout;
    QMenu *mRecentMenu;
    QAction *mUndo, *mRedo, *mSelectTool, *mDrawTool, *mFocus;
    QAction *mShowExposure = nullptr;
    QMessageBox::StandardButton ask(const QString &title, const QString &text,
                                    QMessageBox::StandardButtons buttons);

    DocumentManager *mFiles;
    Autosaver *mAutosaver;
    QuestionHandler mAsk;
};

} // namespace netfence::ui
