#include "ui/mainwindow.h"

#include "core/clusteredits.h"
#include "core/connectivitytestwriter.h"
#include "core/explanationwriter.h"
#include "core/kubernetesnames.h"
#include "core/manifestloader.h"
#include "core/namespacechoice.h"
#include "core/policyfilenames.h"
#include "core/regularfile.h"
#include "core/textsyntax.h"
#include "core/yamlwriter.h"
#include "ui/allowruledialog.h"
#include "ui/atomicfile.h"
#include "ui/autosaver.h"
#include "ui/changesdock.h"
#include "ui/clusterimporter.h"
#include "ui/clusteropener.h"
#include "ui/comparison.h"
#include "ui/connectivitytestdock.h"
#include "ui/deniedpairitem.h"
#include "ui/document.h"
#include "ui/documentmanager.h"
#include "ui/fileviewer.h"
#include "ui/graphscene.h"
#include "ui/graphview.h"
#include "ui/importclusterdialog.h"
#include "ui/inspectordock.h"
#include "ui/labdock.h"
#include "ui/labgallerydialog.h"
#include "ui/legenddock.h"
#include "ui/lintmarkers.h"
#include "ui/matrixdock.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"
#include "ui/policydock.h"
#include "ui/problemsdock.h"
#include "ui/workloaddialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QScopeGuard>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTableWidget>
#include <QTextBlock>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace netfence::ui {

namespace {

const char *kBuiltInLab = ":/labs/netpol-lab.lab.yaml";
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    mDocument = new Document(this);
    // Before anything else hears Document::loaded: a load clears the save target first.
    mFiles = new DocumentManager(mDocument, this, this);
    connect(mFiles, &DocumentManager::statusMessage, this,
            [this](const QString &text, int timeoutMs) { showStatus(text, timeoutMs); });
    connect(mFiles, &DocumentManager::saveTargetChanged, this, &MainWindow::updateTitle);
    connect(mFiles, &DocumentManager::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
    mAutosaver = new Autosaver(mDocument, this);
    mImporter = new ClusterImporter(this);
    mOpener = new ClusterOpener(this);
    connect(mOpener, &ClusterOpener::opened, this, [this](const QStringList &paths) {
        mDocument->setContents(mOpener->takeResult(), paths, {}, mOpener->takeEvaluator(),
                               mOpener->takeModel(), mOpener->takeSnapshot());
        mFiles->noteOpened(paths);
        finishOpen();
    });
    connect(mOpener, &ClusterOpener::cancelled, this, [this](const QStringList &paths) {
        showStatus(tr("Opening %1 was cancelled; the design that was open stays open.")
                       .arg(paths.size() == 1 ? QDir::toNativeSeparators(paths.front())
                                              : tr("%n paths", nullptr, int(paths.size()))),
                   20000);
    });
    mEditEvaluator = new EditEvaluator(this);
    mDocument->setEditEvaluator(mEditEvaluator);
    connect(mEditEvaluator, &EditEvaluator::cancelled, this, [this] {
        showStatus(tr("The edit was cancelled; the design stays as it was."), 10000);
    });
    mFiles->setBackgroundOpener([this](const QStringList &paths) {
        if (!mOpener->isLarge(paths)) return false;
        mOpener->start(paths);
        return true;
    });
    mScene = new GraphScene(mDocument, this);
    mView = new GraphView;
    mView->setScene(mScene);
    setCentralWidget(mView);
    mScene->setAllowAsker([this](const core::AllowRequest &proposal) {
        return AllowRuleDialog::ask(mDocument, proposal, this);
    });
    createDocks();
    createActions();
    mAutosaver->setLabSource([this]() -> std::optional<LabSession> {
        if (!mLabDock->hasLab()) return std::nullopt;
        const QString path = mLabDock->path();
        return LabSession{
            path.startsWith(QLatin1String(":/")) ? path : QFileInfo(path).absoluteFilePath(),
            mLabDock->currentStep(), mLabDock->unlockedSteps(), mLabDock->hintsShown()};
    });

    connect(mScene, &GraphScene::graphUpdated, this, [this] {
        updateTitle();
        updateStatus();
        fitWhenContentGrows();
    });
    connect(mDocument, &Document::loaded, this, [this] {
        updateTitle();
        mSeenNamespaces.clear();
        mSeenNodes.clear();
        fitWhenContentGrows();
    });
    connect(mDocument->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    // What an edit did is said once, beside the counters and in the Inspector; no box to click
    // away.
    connect(mScene, &GraphScene::notesPosted, this, [this](const QStringList &notes) {
        showStatus(notes.join(QLatin1Char(' ')), 20000, true);
        mInspector->setNotes(notes);
    });
    connect(mDocument->undoStack(), &QUndoStack::indexChanged, this, [this](int index) {
        if (mStatusEditIndex >= 0 && index != mStatusEditIndex) showStatus(QString(), 0);
        mInspector->setNotes({});
    });
    connect(mScene, &GraphScene::layoutRunning, this, [this](bool running) {
        // Long work shows that it runs, and can be abandoned.
        mBusy->setVisible(running);
        mCancelLayout->setVisible(running);
        if (running) {
            showStatus(tr("Laying out…"), 0);
        } else {
            if (mStatusFull == tr("Laying out…")) showStatus(QString(), 0);
            mView->fitAll();
        }
    });
    connect(mScene, &GraphScene::contextMenuRequested, this, &MainWindow::showContextMenu);
    // Focus mode's layout moves the whole picture: frame what it shows.
    connect(mScene, &GraphScene::focusLayoutChanged, this, [this] { mView->fitAll(); });
    // After the lab dock has checked the edit (it connected first), so its verdicts are fresh.
    connect(mDocument, &Document::changed, this, &MainWindow::updateDeniedLines);
    connect(mDocument, &Document::loaded, this, &MainWindow::updateDeniedLines);
    connect(mScene, &QGraphicsScene::selectionChanged, this, &MainWindow::updateDeniedLines);
    connect(mLabDock, &LabDock::checked, this, &MainWindow::updateDeniedLines);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry"))) {
        // The first window takes most of the screen; the graph needs the room.
        const QRect screen = this->screen()->availableGeometry();
        resize(screen.size() * 0.9);
        move(screen.center() - rect().center());
    }
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        mLegend->show();
        mLegend->raise(); // a newcomer's first question is what the colours mean
        // Dock sizes take once the window has its size.
        QTimer::singleShot(0, this, &MainWindow::layOutDocks);
    }
    // The Lab dock belongs to a lab; a saved state must not bring back empty panes.
    if (!mLabDock->hasLab()) mLabDock->hide();
    mLabDock->toggleViewAction()->setEnabled(mLabDock->hasLab());
    rebuildRecentMenu();
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // The scene goes first: its items must never outlive the document they show.
    qDeleteAll(mDenied);
    mDenied.clear();
    delete mScene;
    mScene = nullptr;
    // QWidget's destructor deletes the document while this window is already half gone; the
    // undo stack signals on its way out, and nothing of this window may answer then.
    mDocument->disconnect(this);
    mDocument->undoStack()->disconnect(this);
}

void MainWindow::createDocks()
{
    mInspector = new InspectorDock(mScene, this);
    mPolicyDock = new PolicyDock(mDocument, this);
    mProblems = new ProblemsDock(mDocument, this);
    mMatrix = new MatrixDock(mScene, this);
    mLabDock = new LabDock(mDocument, this);
    mLegend = new LegendDock(this);
    mPolicyDock->setNamespaceChooser([this] { return namespaceForNewPolicy(); });
    mChanges = new ChangesDock(mDocument, mScene, this);
    mTestDock = new ConnectivityTestDock(mDocument, this);
    mLintMarkers = new LintMarkers(mScene, mProblems, this);
    addDockWidget(Qt::LeftDockWidgetArea, mLabDock);
    mLabDock->hide();
    connect(mLabDock, &LabDock::labOpened, this, [this] {
        mLabDock->toggleViewAction()->setEnabled(true);
        const bool wasHidden = mLabDock->isHidden();
        mLabDock->show();
        mLabDock->raise();
        if (wasHidden) resizeDocks({mLabDock}, {std::max(280, width() / 5)}, Qt::Horizontal);
    });
    // Runs after the dock's own handler, which closes the lab when other files open.
    connect(mDocument, &Document::loaded, this, [this] {
        mLabDock->toggleViewAction()->setEnabled(mLabDock->hasLab());
        if (!mLabDock->hasLab()) mLabDock->hide();
    });
    connect(mLabDock, &LabDock::stepPassed, this,
            [this](int step) { showStatus(tr("Step %1 passed.").arg(step + 1), 8000, true); });
    addDockWidget(Qt::RightDockWidgetArea, mInspector);
    addDockWidget(Qt::RightDockWidgetArea, mPolicyDock);
    addDockWidget(Qt::BottomDockWidgetArea, mProblems);
    addDockWidget(Qt::BottomDockWidgetArea, mMatrix);
    tabifyDockWidget(mProblems, mMatrix);
    addDockWidget(Qt::BottomDockWidgetArea, mChanges);
    tabifyDockWidget(mProblems, mChanges);
    mChanges->hide();
    addDockWidget(Qt::LeftDockWidgetArea, mTestDock);
    mTestDock->hide();
    connect(mChanges->comparison(), &Comparison::updated, this, [this] {
        if (mChanges->comparison()->isActive() && mChanges->isHidden()) {
            mChanges->show();
            mChanges->raise();
        }
    });
    addDockWidget(Qt::RightDockWidgetArea, mLegend);
    tabifyDockWidget(mPolicyDock, mLegend);
    mLegend->hide();
    // The bottom docks open when there is something to show; the graph gets the room.
    mProblems->hide();
    mMatrix->hide();
    connect(mDocument, &Document::loaded, this, [this] {
        if (!mDocument->diagnostics().empty()) {
            mProblems->show();
            mProblems->raise();
        }
    });
    connect(mPolicyDock, &PolicyDock::currentPolicyChanged, this, [this](int index) {
        mScene->highlightPolicy(index);
        if (index >= 0) mInspector->showPolicy(index);
    });
    connect(mPolicyDock, &PolicyDock::currentClusterPolicyChanged, mScene,
            &GraphScene::highlightClusterPolicy);
    connect(mInspector, &InspectorDock::policyActivated, mPolicyDock, &PolicyDock::selectPolicy);
    connect(mProblems, &ProblemsDock::openLocation, this, &MainWindow::openLocation);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QToolBar *tools = mToolBar = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("MainToolBar"));
    auto action = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        auto *a = new QAction(text, this);
        if (!shortcut.isEmpty()) a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    QAction *newDoc = action(tr("&New Design"), QKeySequence::New, [this] {
        if (mFiles->maybeSave()) mDocument->clear();
    });
    QAction *open = action(tr("&Open Files…"), QKeySequence::Open, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open manifests"), QString(),
            tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
        if (!files.isEmpty() && mFiles->maybeSave()) openPaths(files);
    });
    QAction *openFolder = action(tr("Open &Folder…"), QKeySequence(tr("Ctrl+Shift+O")), [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Open a folder of manifests"));
        if (!dir.isEmpty() && mFiles->maybeSave()) openPaths({dir});
    });
    QAction *lab = action(tr("Open the &Built-in Lab"), {}, [this] {
        if (mFiles->maybeSave()) openBuiltInLab();
    });
    QAction *platformLab = action(tr("Open the &Platform Guardrails Lab"), {}, [this] {
        if (mFiles->maybeSave()) openBuiltInLab(QStringLiteral("platform-guardrails"));
    });
    QAction *openLabAct = action(tr("Open &Lab…"), {}, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Open a lab"), QString(),
                                                       tr("netfence labs (*.lab.yaml *.yaml)"));
        if (!f.isEmpty() && mFiles->maybeSave()) openLab(f);
    });
    QAction *labsAct = action(tr("Lab&s…"), {}, [this] { openLabGallery(); });
    QAction *importCluster = action(tr("&Import from Cluster…"), {}, [this] {
        ImportClusterDialog dialog(this);
        dialog.setSnapshotFolder(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
            QStringLiteral("/snapshots/") +
            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
        if (dialog.exec() != QDialog::Accepted || !mFiles->maybeSave()) return;
        core::ClusterImport::Options options;
        options.context = dialog.context().toStdString();
        options.namespaceName = dialog.namespaceName().toStdString();
        importFromCluster(options, dialog.snapshotFolder());
    });
    importCluster->setObjectName(QStringLiteral("importFromCluster"));
    mRecentMenu = new QMenu(tr("Open &Recent"), this);
    QAction *reload = action(tr("&Reload"), QKeySequence::Refresh, [this] { mFiles->reload(); });
    QAction *saveAct = action(tr("&Save"), QKeySequence::Save, [this] { mFiles->save(); });
    QAction *saveAsAct =
        action(tr("Save &As…"), QKeySequence::SaveAs, [this] { mFiles->saveAs(); });
    QAction *saveFolder = action(tr("Save Policies to Fol&der…"), {}, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Save one file per policy into"));
        if (!dir.isEmpty()) mFiles->saveToFolder(dir);
    });
    QAction *exportAct = action(tr("&Export Image…"), QKeySequence(tr("Ctrl+E")), [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export the graph"),
                                                       QStringLiteral("netfence.png"),
                                                       tr("PNG image (*.png);;SVG image (*.svg)"));
        if (!f.isEmpty() && !exportImage(f))
            QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(f));
    });
    // Compare With...: what the design opens and closes against another version of it.
    auto compareWith = [this](auto start) {
        QString error;
        if (!start(&error)) QMessageBox::warning(this, tr("Compare"), error);
    };
    QAction *compareFiles = action(tr("&Compare With Files…"), {}, [this, compareWith] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Compare with manifests"), QString(),
            tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
        if (!files.isEmpty())
            compareWith([&](QString *e) {
                return mChanges->comparison()->compareWithPaths(files, tr("the chosen files"), e);
            });
    });
    QAction *compareFolder = action(tr("Compare &With Folder…"), {}, [this, compareWith] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Compare with a folder of manifests"));
        if (!dir.isEmpty())
            compareWith([&](QString *e) {
                return mChanges->comparison()->compareWithPaths({dir}, dir, e);
            });
    });
    QAction *compareGit = action(tr("Compare With &Git Revision…"), {}, [this, compareWith] {
        bool ok = false;
        const QString rev = QInputDialog::getText(this, tr("Compare with a git revision"),
                                                  tr("Revision (a branch, tag or commit):"),
                                                  QLineEdit::Normal, QStringLiteral("HEAD"), &ok)
                                .trimmed();
        if (ok && !rev.isEmpty())
            compareWith([&](QString *e) { return mChanges->comparison()->compareWithGit(rev, e); });
    });
    QAction *compareSaved = action(tr("Compare with Sa&ved"), {}, [this, compareWith] {
        compareWith([&](QString *e) { return mChanges->comparison()->compareWithSaved(e); });
    });
    QAction *stopCompare =
        action(tr("S&top Comparing"), {}, [this] { mChanges->comparison()->stop(); });
    QAction *openTest = action(tr("Open Connectivity &Test…"), {}, [this] {
        const QString f =
            QFileDialog::getOpenFileName(this, tr("Open a connectivity test"), QString(),
                                         tr("Connectivity tests (*.yaml *.yml);;All files (*)"));
        if (f.isEmpty()) return;
        const QStringList problems = mTestDock->openTest(f);
        if (!mTestDock->hasTest()) {
            QMessageBox::warning(this, tr("Open Connectivity Test"),
                                 problems.join(QLatin1Char('\n')));
            return;
        }
        mTestDock->show();
        mTestDock->raise();
    });
    QAction *saveTest = action(tr("Save as Connectivity Test…"), {}, [this] {
        const std::string text = connectivityTestText();
        if (text.empty()) {
            QMessageBox::information(this, tr("Save as Connectivity Test"),
                                     tr("Open a lab step, or select two or more pods whose "
                                        "connections the test should pin."));
            return;
        }
        const QString f = QFileDialog::getSaveFileName(this, tr("Save a connectivity test"),
                                                       QStringLiteral("connectivity-test.yaml"),
                                                       tr("YAML (*.yaml)"));
        std::string problem;
        if (!f.isEmpty() && !core::RegularFile::write(f.toStdString(), text, &problem))
            QMessageBox::warning(this, tr("Save as Connectivity Test"),
                                 QString::fromStdString(problem));
    });
    QAction *quit = action(tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    file->addActions(
        {newDoc, open, openFolder, importCluster, lab, platformLab, openLabAct, labsAct});
    file->addMenu(mRecentMenu);
    file->addSeparator();
    file->addActions({reload, saveAct, saveAsAct, saveFolder});
    file->addSeparator();
    file->addAction(exportAct);
    file->addSeparator();
    file->addActions({compareFiles, compareFolder, compareGit, compareSaved, stopCompare});
    file->addSeparator();
    file->addActions({openTest, saveTest});
    file->addSeparator();
    file->addAction(quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    mUndo = mDocument->undoStack()->createUndoAction(this, tr("&Undo"));
    mUndo->setShortcut(QKeySequence::Undo);
    mRedo = mDocument->undoStack()->createRedoAction(this, tr("&Redo"));
    // Ctrl+Shift+Z and Ctrl+Y everywhere. The platform's Redo may already be one of them, and
    // a key listed twice is an "ambiguous shortcut" that Qt ignores: each key once.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence &k :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
        if (!redoKeys.contains(k)) redoKeys << k;
    mRedo->setShortcuts(redoKeys);
    // Through the document: a long step is evaluated off the UI thread before it is made.
    for (QAction *a : {mUndo, mRedo})
        disconnect(a, &QAction::triggered, mDocument->undoStack(), nullptr);
    connect(mUndo, &QAction::triggered, mDocument, &Document::undo);
    connect(mRedo, &QAction::triggered, mDocument, &Document::redo);
    mUndo->setObjectName(QStringLiteral("undo"));
    mRedo->setObjectName(QStringLiteral("redo"));
    // The menu says what will be undone; the toolbar buttons keep one short label (the command
    // in their tooltip), so the buttons after them never move.
    mUndo->setIconText(tr("Undo"));
    mRedo->setIconText(tr("Redo"));
    QAction *del = action(tr("&Delete"), QKeySequence::Delete, [this] { deleteSelection(); });
    QAction *find = action(tr("&Find…"), QKeySequence::Find, [this] {
        mSearch->setFocus();
        mSearch->selectAll();
    });
    QAction *addNs = action(tr("Add &Namespace…"), {}, [this] { addNamespace(); });
    QAction *addWl = action(tr("Add &Workload…"), QKeySequence(tr("Ctrl+Shift+N")),
                            [this] { addWorkload(QStringLiteral("default")); });
    edit->addActions({mUndo, mRedo});
    edit->addSeparator();
    edit->addActions({del, find});
    edit->addSeparator();
    edit->addActions({addNs, addWl});

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = action(tr("Zoom &In"), QKeySequence::ZoomIn, [this] { mView->zoomIn(); });
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
    QAction *zoomOut = action(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] { mView->zoomOut(); });
    QAction *fit =
        action(tr("&Fit to Window"), QKeySequence(tr("Ctrl+0")), [this] { mView->fitAll(); });
    mFocus = action(tr("&Focus on Selection"), QKeySequence(tr("F")), [this] {
        mScene->setFocusMode(mFocus->isChecked());
        mView->fitAll();
    });
    mFocus->setCheckable(true);
    QAction *relayout =
        action(tr("Re-&layout"), QKeySequence(tr("Ctrl+L")), [this] { mScene->relayout(true); });
    view->addActions({zoomIn, zoomOut, fit});
    view->addSeparator();
    QAction *collapseAll =
        action(tr("&Collapse All Namespaces"), {}, [this] { mScene->setAllCollapsed(true); });
    QAction *expandAll =
        action(tr("&Expand All Namespaces"), {}, [this] { mScene->setAllCollapsed(false); });
    mShowExposure = action(tr("Show &Exposure"), {},
                           [this] { mScene->setShowExposure(mShowExposure->isChecked()); });
    mShowExposure->setCheckable(true);
    mShowExposure->setToolTip(
        tr("Draw the peers the manifests do not hold but policies admit "
           "(\"entire cluster\", \"any namespace with team=a\") in their own dashed area"));
    view->addActions({mFocus, mShowExposure, relayout, collapseAll, expandAll});
    view->addSeparator();
    for (QDockWidget *dock :
         {static_cast<QDockWidget *>(mInspector), static_cast<QDockWidget *>(mPolicyDock),
          static_cast<QDockWidget *>(mProblems), static_cast<QDockWidget *>(mMatrix),
          static_cast<QDockWidget *>(mLegend), static_cast<QDockWidget *>(mLabDock),
          static_cast<QDockWidget *>(mChanges), static_cast<QDockWidget *>(mTestDock)})
        view->addAction(dock->toggleViewAction());
    mLegend->toggleViewAction()->setShortcut(QKeySequence(Qt::Key_F1));
    mLabDock->toggleViewAction()->setToolTip(tr("The lab's steps and goals (open a lab first)"));

    QMenu *toolMenu = menuBar()->addMenu(tr("&Tools"));
    mSelectTool = action(tr("&Select and Move"), QKeySequence(tr("V")),
                         [this] { mScene->setTool(GraphScene::Tool::Select); });
    mDrawTool = action(tr("&Draw a Rule"), QKeySequence(tr("R")),
                       [this] { mScene->setTool(GraphScene::Tool::DrawRule); });
    mDrawTool->setToolTip(tr(
        "Drag from one pod to another (or to a namespace, or the Internet) to allow that traffic"));
    auto *group = new QActionGroup(this);
    for (QAction *a : {mSelectTool, mDrawTool}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    mSelectTool->setChecked(true);
    toolMenu->addActions({mSelectTool, mDrawTool});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(tr("&Legend"), {}, [this] {
        mLegend->show();
        mLegend->raise();
    }));
    help->addAction(action(tr("&Keyboard Shortcuts"), {}, [this] { showShortcuts(); }));
    help->addSeparator();
    help->addAction(action(tr("&About netfence"), {}, [this] {
        QMessageBox::about(
            this, tr("About netfence"),
            tr("<h3>netfence %1</h3><p>Draw, check and explain Kubernetes NetworkPolicies.</p>"
               "<p>Red bars on a node: isolated for ingress (left) or egress (right). Arrows: "
               "allowed traffic. A connection needs the sender's egress and the receiver's "
               "ingress. The Legend (F1) explains every colour and mark.</p>")
                .arg(QStringLiteral(NETFENCE_VERSION)));
    }));

    tools->addActions({open, saveAct});
    tools->addSeparator();
    tools->addActions({mUndo, mRedo});
    tools->addSeparator();
    tools->addActions({mSelectTool, mDrawTool});
    tools->addSeparator();
    tools->addActions({fit, relayout, mFocus});
    mSearch = new QLineEdit;
    mSearch->setPlaceholderText(tr("Find a pod…"));
    mSearch->setClearButtonEnabled(true);
    mSearch->setMaximumWidth(240);
    tools->addWidget(mSearch);
    connect(mSearch, &QLineEdit::returnPressed, this, [this] { findPod(mSearch->text()); });

    // Messages live in a label of their own, left of the counters, so the two never overlap.
    mStatusLabel = new QLabel;
    mStatusLabel->setMinimumWidth(40);
    mStatusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(mStatusLabel, 1);
    mStatusTimer = new QTimer(this);
    mStatusTimer->setSingleShot(true);
    connect(mStatusTimer, &QTimer::timeout, this, [this] { showStatus(QString(), 0); });
    mCounts = new QLabel;
    statusBar()->addPermanentWidget(mCounts);
    mBusy = new QProgressBar;
    mBusy->setRange(0, 0); // busy: Graphviz gives no progress figures
    mBusy->setMaximumWidth(120);
    mBusy->hide();
    statusBar()->addPermanentWidget(mBusy);
    mCancelLayout = new QPushButton(tr("Cancel"));
    mCancelLayout->hide();
    connect(mCancelLayout, &QPushButton::clicked, mScene, &GraphScene::cancelLayout);
    statusBar()->addPermanentWidget(mCancelLayout);
}

QMessageBox::StandardButton MainWindow::ask(const QString &title, const QString &text,
                                            QMessageBox::StandardButtons buttons)
{
    if (mAsk) return mAsk(title, text, buttons);
    return QMessageBox::question(this, title, text, buttons);
}

void MainWindow::setQuestionHandler(QuestionHandler handler)
{
    mAsk = handler;
    mFiles->setQuestionHandler(std::move(handler));
}

bool MainWindow::offerRecovery()
{
    std::vector<Recovery> found = Autosaver::orphans();
    if (found.empty()) return false;
    const Recovery &r = found.front();
    const auto answer = ask(
        tr("Recover unsaved work?"),
        tr("netfence did not exit cleanly and left unsaved work behind:\n\n%1, autosaved %2.\n\n"
           "Recover it?")
            .arg(r.title.isEmpty() ? tr("an untitled design") : r.title,
                 QLocale().toString(r.saved.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        if (ask(tr("Discard it?"),
                tr("Delete the autosaved work? (No keeps it for the next start.)"),
                QMessageBox::Yes | QMessageBox::No) == QMessageBox::Yes)
            for (const Recovery &each : found)
                Autosaver::discard(each);
        return false;
    }
    // The lab first: opening it starts its step 1, which the recovered design then replaces.
    QString labNote;
    bool labBack = false;
    if (r.lab) {
        const QStringList problems = mLabDock->openLab(r.lab->path);
        labBack = mLabDock->hasLab() && mDocument->paths() == QStringList{r.lab->path};
        if (!labBack)
            labNote = tr(" The lab %1 could not be reopened, so its progress is lost: %2")
                          .arg(r.lab->path, problems.join(QLatin1Char(' ')));
    }
    // Positions go in with the design, so no automatic layout moves the nodes the user placed.
    mDocument->setContents(core::ManifestLoader::loadText(r.design.toStdString(), "recovered.yaml"),
                           labBack ? QStringList{r.lab->path} : (r.lab ? QStringList{} : r.paths),
                           r.positions);
    if (labBack) mLabDock->resume(r.lab->step, r.lab->unlocked, r.lab->hints);
    mDocument->markRecovered();
    Autosaver::discard(r);
    mAutosaver->saveNow();
    updateTitle();
    showStatus(tr("Recovered the autosaved work. Save it to keep it.") + labNote, 15000);
    return true;
}

void MainWindow::openPaths(const QStringList &paths)
{
    mFiles->open(paths); // a large cluster in the background: finishOpen() when it is read
    if (!mOpener->isRunning()) finishOpen();
}

void MainWindow::finishOpen()
{
    if (!mDocument->diagnostics().empty()) {
        mProblems->show();
        mProblems->raise();
    }
}

QString MainWindow::namespaceForNewPolicy() const
{
    // The namespace selected on the graph, a box or one of its workloads.
    for (QGraphicsItem *item : mScene->selectedItems()) {
        if (item->type() == NamespaceItem::Type && !static_cast<NamespaceItem *>(item)->isOutside())
            return static_cast<NamespaceItem *>(item)->name();
        if (item->type() == NodeItem::Type && !static_cast<NodeItem *>(item)->group().isEmpty())
            return static_cast<NodeItem *>(item)->group();
    }
    return QString::fromStdString(core::NamespaceChoice::forNewPolicy(
        mDocument->cluster(), mLabDock->lab(), size_t(qMax(0, mLabDock->currentStep()))));
}

void MainWindow::openLabGallery()
{
    LabGalleryDialog gallery(this);
    if (gallery.exec() == QDialog::Accepted && !gallery.chosenPath().isEmpty() &&
        mFiles->maybeSave())
        openLab(gallery.chosenPath());
}

void MainWindow::importFromCluster(core::ClusterImport::Options options,
                                   const QString &snapshotFolder)
{
    mLastImportError.clear();
    if (snapshotFolder.isEmpty()) {
        mLastImportError = tr("Choose a folder for the snapshot: the import is opened from there.");
        QMessageBox::warning(this, tr("Import from Cluster"), mLastImportError);
        return;
    }
    const int total = int(core::ClusterImport::kinds().size());
    auto *progress = new QProgressDialog(tr("Reading the cluster through kubectl…"), tr("Cancel"),
                                         0, total, this);
    progress->setObjectName(QStringLiteral("importProgress"));
    progress->setWindowTitle(tr("Import from Cluster"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(progress, &QProgressDialog::canceled, mImporter, &ClusterImporter::cancel);
    connect(mImporter, &ClusterImporter::progress, progress,
            [progress](int done, int all, const QString &what) {
                progress->setMaximum(all);
                progress->setValue(done);
                if (!what.isEmpty())
                    progress->setLabelText(
                        tr("kubectl get %1 (%2 of %3)").arg(what).arg(done + 1).arg(all));
            });
    connect(mImporter, &ClusterImporter::finished, progress,
            [this, progress, options, snapshotFolder](const core::ClusterImport::Result &result) {
                progress->deleteLater();
                if (result.cancelled) {
                    showStatus(tr("Import from the cluster cancelled."), 8000);
                    return;
                }
                std::string problem = result.ok ? core::ClusterImport::saveSnapshot(
                                                      result, options, snapshotFolder.toStdString())
                                                : result.error;
                if (!problem.empty()) {
                    mLastImportError = QString::fromStdString(problem);
                    if (!mAsk)
                        QMessageBox::warning(this, tr("Import from Cluster"), mLastImportError);
                    return;
                }
                openPaths({snapshotFolder});
                QString note = tr("Imported %1 kinds from the cluster; snapshot saved in %2.")
                                   .arg(result.pieces.size())
                                   .arg(snapshotFolder);
                for (const std::string &n : result.notes)
                    note += QLatin1Char(' ') + QString::fromStdString(n);
                showStatus(note, 20000);
            });
    mImporter->start(std::move(options));
}

void MainWindow::openBuiltInLab(const QString &name)
{
    openLab(name.isEmpty() ? QString::fromLatin1(kBuiltInLab)
                           : QStringLiteral(":/labs/%1.lab.yaml").arg(name));
}

void MainWindow::applyClusterRecipe(const core::ClusterRecipe &recipe)
{
    if (recipe.add.empty()) return;
    const int first = int(mDocument->cluster().clusterPolicies.size());
    mDocument->edit(QString::fromStdString(recipe.title),
                    core::ClusterEdits::fromClusterRecipe(mDocument->cluster(), recipe));
    mPolicyDock->selectClusterPolicy(first);
    if (!recipe.notes.empty()) {
        QStringList notes;
        for (const std::string &n : recipe.notes)
            notes << QString::fromStdString(n);
        showStatus(notes.join(QLatin1Char(' ')), 20000, true);
        mInspector->setNotes(notes);
    }
}

bool MainWindow::openLab(const QString &path)
{
    const QStringList problems = mLabDock->openLab(path);
    if (!mLabDock->hasLab() || mDocument->paths().value(0) != path) {
        QMessageBox::warning(
            this, tr("Open lab"),
            tr("The lab cannot be opened:\n\n%1").arg(problems.join(QLatin1Char('\n'))));
        return false;
    }
    if (!problems.isEmpty()) showStatus(problems.join(QLatin1Char(' ')), 10000);
    if (!path.startsWith(QLatin1String(":/"))) mFiles->addRecent({path});
    return true;
}

void MainWindow::updateTitle()
{
    QString name = tr("Untitled design");
    if (!mFiles->saveTarget().isEmpty())
        name = QFileInfo(mFiles->saveTarget()).fileName();
    else if (mLabDock->hasLab())
        name = tr("Lab: %1").arg(QString::fromStdString(mLabDock->lab()->title));
    else if (!mDocument->paths().isEmpty())
        name = mDocument->paths().front() == QLatin1String(kBuiltInLab)
                   ? tr("Built-in lab")
                   : QFileInfo(mDocument->paths().front()).fileName() +
                         (mDocument->paths().size() > 1
                              ? tr(" and %1 more").arg(mDocument->paths().size() - 1)
                              : QString());
    setWindowTitle(name + QStringLiteral("[*] — netfence"));
    setWindowModified(mDocument->isModified());
    mAutosaver->setTitle(name);
}

void MainWindow::updateStatus()
{
    const core::Cluster &c = mDocument->cluster();
    // By group, the pods folded into collapsed namespaces included.
    const QHash<QString, int> &members = mScene->memberCounts();
    // Each arrow stands for one pair, or for every pair between its boxes' pods.
    long long allowed = 0;
    for (const GraphEdge &e : mScene->edgeLayer()->edges())
        allowed +=
            (e.fromGroup ? members.value(e.from) : 1) * (e.toGroup ? members.value(e.to) : 1);
    for (auto it = members.begin(); it != members.end(); ++it)
        if (NamespaceItem *box = mScene->namespaceItem(it.key()); box && !box->note().isEmpty())
            allowed += qint64(it.value()) * (it.value() - 1);
    mCounts->setText(tr("%1 namespaces · %2 workloads · %3 policies · %4 allowed pairs")
                         .arg(c.namespaces.size())
                         .arg(c.workloads.size())
                         .arg(c.policies.size())
                         .arg(allowed));
}

void MainWindow::rebuildRecentMenu()
{
    mRecentMenu->clear();
    const QList<QStringList> recent = mFiles->recentFiles();
    for (const QStringList &paths : recent) {
        QAction *a = mRecentMenu->addAction(paths.join(QLatin1String(", ")));
        connect(a, &QAction::triggered, this, [this, paths] {
            if (mFiles->maybeSave()) openPaths(paths);
        });
    }
    mRecentMenu->setEnabled(!recent.isEmpty());
}

bool MainWindow::exportImage(const QString &file)
{
    mScene->clearSelection();
    const QRectF source = mScene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    // Items keep pictures of themselves for the screen; a file gets them drawn afresh (an SVG
    // would otherwise hold those pictures instead of shapes and text).
    QList<QPair<QGraphicsItem *, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem *item : mScene->items())
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            cached.append({item, item->cacheMode()});
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    const auto restore = qScopeGuard([&] {
        for (const auto &[item, mode] : std::as_const(cached))
            item->setCacheMode(mode);
    });
    if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QStringLiteral("netfence"));
        QPainter painter;
        if (!painter.begin(&svg)) return false;
        mScene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
        return painter.end();
    }
    QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    mScene->render(&painter, QRectF(image.rect()), source);
    painter.end();
    return image.save(file);
}

void MainWindow::endOnSignal(int signalNumber)
{
    mAutosaver->keepForRecovery();
    QCoreApplication::exit(128 + signalNumber);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Asked and answered Discard: nothing is written, the side file included. Answered Save:
    // saving wrote it.
    const bool asked = mDocument->isModified();
    if (!mFiles->maybeSave()) {
        event->ignore();
        return;
    }
    if (!asked && mDocument->positionsChanged()) mDocument->saveLayoutFile();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    // Light or dark: items take their colours from the palette when they paint.
    if (event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::ApplicationPaletteChange) {
        for (QGraphicsItem *item : mScene->items())
            item->update();
        mView->viewport()->update();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (!paths.isEmpty() && mFiles->maybeSave()) openPaths(paths);
}

void MainWindow::applyRecipe(const core::Recipe &recipe)
{
    if (recipe.changes.empty()) return;
    mDocument->edit(QString::fromStdString(recipe.title),
                    core::ClusterEdits::fromRecipe(mDocument->cluster(), recipe));
    if (!recipe.notes.empty()) {
        QStringList notes;
        for (const std::string &n : recipe.notes)
            notes << QString::fromStdString(n);
        showStatus(notes.join(QLatin1Char(' ')), 20000, true);
        mInspector->setNotes(notes);
    }
}

QMenu *MainWindow::clusterPolicyMenu(const QString &ns, QWidget *parent)
{
    // Cluster-wide rules a platform team sets (ClusterNetworkPolicy, v1alpha2).
    const core::Cluster &cluster = mDocument->cluster();
    const std::string n = ns.toStdString();
    auto *platform = new QMenu(tr("Cluster policy"), parent);
    QMenu *guard = platform->addMenu(tr("Admin: deny ingress from every namespace but…"));
    for (const core::Namespace &other : cluster.namespaces)
        if (other.name != n)
            guard->addAction(QString::fromStdString(other.name), this, [this, n, o = other.name] {
                const core::Cluster &c = mDocument->cluster();
                applyClusterRecipe(core::ClusterPolicyRecipes::guardNamespace(
                    c, n, o,
                    core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Admin, 20)));
            });
    guard->setEnabled(!guard->isEmpty());
    platform->addAction(tr("Admin: pass to the namespace's NetworkPolicies"), this, [this, n] {
        const core::Cluster &c = mDocument->cluster();
        applyClusterRecipe(core::ClusterPolicyRecipes::delegateNamespace(
            c, n, core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Admin, 500)));
    });
    platform->addAction(tr("Baseline: default deny ingress"), this, [this, n] {
        const core::Cluster &c = mDocument->cluster();
        applyClusterRecipe(core::ClusterPolicyRecipes::baselineDefaultDeny(
            c, n, false,
            core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Baseline, 100)));
    });
    platform->addAction(tr("Baseline: default deny ingress and egress"), this, [this, n] {
        const core::Cluster &c = mDocument->cluster();
        applyClusterRecipe(core::ClusterPolicyRecipes::baselineDefaultDeny(
            c, n, true,
            core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Baseline, 100)));
    });
    platform->addAction(
        tr("Admin: accept DNS for every pod (kube-dns, UDP and TCP 53)"), this, [this] {
            const core::Cluster &c = mDocument->cluster();
            applyClusterRecipe(core::ClusterPolicyRecipes::acceptDns(
                c, core::ClusterPolicyRecipes::freePriority(c, core::PolicyTier::Admin, 5)));
        });
    return platform;
}

void MainWindow::showContextMenu(QGraphicsItem *item, const QPoint &screenPos)
{
    QMenu menu;
    const core::Cluster &cluster = mDocument->cluster();
    if (item && item->type() == NamespaceItem::Type &&
        !static_cast<NamespaceItem *>(item)->isOutside()) {
        const QString ns = static_cast<NamespaceItem *>(item)->name();
        const std::string n = ns.toStdString();
        menu.addSection(ns);
        menu.addAction(tr("Default deny ingress"), this, [this, n] {
            applyRecipe(core::PolicyRecipes::defaultDeny(mDocument->cluster(), n, true, false));
        });
        menu.addAction(tr("Default deny egress"), this, [this, n] {
            applyRecipe(core::PolicyRecipes::defaultDeny(mDocument->cluster(), n, false, true));
        });
        menu.addAction(tr("Default deny ingress and egress"), this, [this, n] {
            applyRecipe(core::PolicyRecipes::defaultDeny(mDocument->cluster(), n, true, true));
        });
        menu.addAction(tr("Allow DNS egress to kube-dns (UDP and TCP 53)"), this, [this, n] {
            applyRecipe(core::PolicyRecipes::allowDnsEgress(mDocument->cluster(), n));
        });
        menu.addAction(tr("Allow all traffic within the namespace"), this, [this, n] {
            applyRecipe(core::PolicyRecipes::allowWithinNamespace(mDocument->cluster(), n));
        });
        menu.addMenu(clusterPolicyMenu(ns, &menu));
        menu.addSeparator();
        menu.addAction(tr("New policy here"), this, [this, ns] { mPolicyDock->newPolicy(ns); });
        menu.addAction(tr("Add workload here…"), this, [this, ns] { addWorkload(ns); });
        menu.addAction(mScene->isCollapsed(ns) ? tr("Expand") : tr("Collapse"), this,
                       [this, ns] { mScene->setCollapsed(ns, !mScene->isCollapsed(ns)); });
        menu.addAction(tr("Rename namespace…"), this, [this, ns] { renameNamespace(ns); });
        menu.addAction(tr("Delete namespace"), this, [this] { deleteSelection(); });
    } else if (item && item->type() == NodeItem::Type &&
               !static_cast<NodeItem *>(item)->isExternal()) {
        const size_t w = static_cast<NodeItem *>(item)->endpoint().workload;
        menu.addSection(QString::fromStdString(cluster.workloads[w].qualifiedName()));
        menu.addAction(tr("Allow internet egress (0.0.0.0/0)"), this, [this, w] {
            applyRecipe(core::PolicyRecipes::allowInternetEgress(mDocument->cluster(), w, false));
        });
        menu.addAction(tr("Allow internet egress except private ranges"), this, [this, w] {
            applyRecipe(core::PolicyRecipes::allowInternetEgress(mDocument->cluster(), w, true));
        });
        menu.addSeparator();
        menu.addAction(tr("Edit workload…"), this, [this, w] { editWorkload(int(w)); });
        menu.addAction(tr("Delete workload"), this, [this] { deleteSelection(); });
    } else {
        menu.addAction(tr("Add namespace…"), this, [this] { addNamespace(); });
        menu.addAction(tr("Add workload…"), this,
                       [this] { addWorkload(QStringLiteral("default")); });
        menu.addAction(tr("Re-layout"), this, [this] { mScene->relayout(true); });
    }
    menu.exec(screenPos);
}

void MainWindow::addNamespace()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add namespace"), tr("Name:"),
                                               QLineEdit::Normal, QString(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty()) return;
    if (std::string err = core::KubernetesNames::checkDnsSubdomain(name.toStdString());
        !err.empty()) {
        QMessageBox::warning(this, tr("Add namespace"),
                             tr("“%1”: %2").arg(name, QString::fromStdString(err)));
        return;
    }
    if (mDocument->cluster().findNamespace(name.toStdString())) {
        QMessageBox::warning(this, tr("Add namespace"), tr("%1 already exists.").arg(name));
        return;
    }
    mDocument->edit(tr("Add namespace %1").arg(name),
                    core::ClusterEdits::addNamespace(mDocument->cluster(), name.toStdString()));
}

void MainWindow::addWorkload(const QString &ns)
{
    core::Workload initial;
    initial.namespaceName = ns.toStdString();
    initial.kind = "Deployment";
    initial.replicas = 1;
    workloadDialog(initial, std::nullopt);
}

void MainWindow::editWorkload(int index)
{
    workloadDialog(mDocument->cluster().workloads[size_t(index)], size_t(index));
}

void MainWindow::workloadDialog(const core::Workload &initial, std::optional<size_t> index)
{
    WorkloadDialog dialog(mDocument->cluster(), initial, index, this);
    if (dialog.exec() != QDialog::Accepted) return;
    auto w = dialog.workload();
    if (!w) return;
    const QString text =
        (index ? tr("Edit %1") : tr("Add %1")).arg(QString::fromStdString(w->qualifiedName()));
    mDocument->edit(text,
                    index ? core::ClusterEdits::replaceWorkload(mDocument->cluster(), *index, *w)
                          : core::ClusterEdits::addWorkload(mDocument->cluster(), *w));
}

void MainWindow::renameNamespace(const QString &name)
{
    bool ok = false;
    const QString to = QInputDialog::getText(this, tr("Rename namespace"), tr("New name:"),
                                             QLineEdit::Normal, name, &ok)
                           .trimmed();
    if (!ok || to.isEmpty() || to == name) return;
    if (std::string err = core::KubernetesNames::checkDnsSubdomain(to.toStdString());
        !err.empty()) {
        QMessageBox::warning(this, tr("Rename namespace"), QString::fromStdString(err));
        return;
    }
    if (mDocument->cluster().findNamespace(to.toStdString())) {
        QMessageBox::warning(this, tr("Rename namespace"), tr("%1 already exists.").arg(to));
        return;
    }
    // Policies move along, and selectors that named the namespace follow the new name.
    mDocument->edit(tr("Rename namespace %1 to %2").arg(name, to),
                    core::ClusterEdits::renameNamespace(mDocument->cluster(), name.toStdString(),
                                                        to.toStdString()));
}

void MainWindow::deleteSelection()
{
    if (mPolicyDock->isAncestorOf(QApplication::focusWidget())) {
        mPolicyDock->deleteCurrent();
        return;
    }
    QSet<QString> workloads, namespaces;
    for (QGraphicsItem *item : mScene->selectedItems()) {
        if (item->type() == NodeItem::Type && !static_cast<NodeItem *>(item)->isExternal())
            workloads.insert(static_cast<NodeItem *>(item)->id());
        else if (item->type() == NamespaceItem::Type &&
                 !static_cast<NamespaceItem *>(item)->isOutside())
            namespaces.insert(static_cast<NamespaceItem *>(item)->name());
    }
    if (workloads.isEmpty() && namespaces.isEmpty()) return;
    if (!namespaces.isEmpty() &&
        QMessageBox::question(
            this, tr("Delete"),
            tr("Delete %1 with all their workloads and policies?")
                .arg(QStringList(namespaces.values()).join(QLatin1String(", ")))) !=
            QMessageBox::Yes)
        return;
    std::set<std::string> gone, goneNamespaces;
    for (const QString &w : std::as_const(workloads))
        gone.insert(w.toStdString());
    for (const QString &ns : std::as_const(namespaces))
        goneNamespaces.insert(ns.toStdString());
    mDocument->edit(tr("Delete"), core::ClusterEdits::deleteWithCascade(mDocument->cluster(),
                                                                        goneNamespaces, gone));
}

void MainWindow::openLocation(const QString &file, int line, int)
{
    QString problem;
    if (FileViewer::open(file, line, this, &problem)) return;
    if (!mAsk) QMessageBox::warning(this, tr("Open"), problem);
    showStatus(problem, 15000);
}

void MainWindow::showStatus(const QString &text, int timeoutMs, bool untilNextEdit)
{
    mStatusFull = text;
    mStatusEditIndex = untilNextEdit && !text.isEmpty() ? mDocument->undoStack()->index() : -1;
    mStatusLabel->setToolTip(text);
    elideStatus();
    if (timeoutMs > 0 && !text.isEmpty())
        mStatusTimer->start(timeoutMs);
    else
        mStatusTimer->stop();
}

void MainWindow::elideStatus()
{
    const int width = std::max(0, mStatusLabel->width() - 4);
    mStatusLabel->setText(
        mStatusLabel->fontMetrics().elidedText(mStatusFull, Qt::ElideRight, width));
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    elideStatus();
}

bool MainWindow::findPod(const QString &text)
{
    NodeItem *n = mScene->find(text);
    if (!n) {
        showStatus(tr("No pod matches “%1”").arg(text), 4000);
        return false;
    }
    // A pod inside a collapsed namespace is found by opening the box.
    if (mScene->isCollapsed(n->group())) mScene->setCollapsed(n->group(), false);
    n->setVisible(true);
    mView->showItem(n);
    showStatus(tr("Found %1").arg(n->id()), 4000);
    return true;
}

bool MainWindow::focusOn(const QString &id)
{
    NodeItem *n = mScene->reveal(id);
    if (!n) {
        showStatus(tr("No workload “%1”").arg(id), 4000);
        return false;
    }
    if (mScene->isCollapsed(n->group())) mScene->setCollapsed(n->group(), false);
    mScene->clearSelection();
    n->setSelected(true);
    mFocus->setChecked(true);
    mScene->setFocusMode(true);
    mView->fitAll();
    return true;
}

void MainWindow::fitWhenContentGrows()
{
    // The layout's end fits; a fresh open is framed at once too (a big cluster's layout takes
    // a while, and its first picture drawn unframed is slow to paint as well as to read).
    const bool first = mSeenNamespaces.isEmpty() && mSeenNodes.isEmpty();
    if (mScene->isLayoutRunning() && !first) return;
    QSet<QString> namespaces, nodes;
    for (const core::Namespace &ns : mDocument->cluster().namespaces)
        namespaces.insert(QString::fromStdString(ns.name));
    const QRectF shown = mView->mapToScene(mView->viewport()->rect()).boundingRect();
    bool outOfView = false;
    for (NodeItem *n : mScene->nodes()) {
        nodes.insert(n->id());
        if (!mSeenNodes.contains(n->id()) && n->isVisible() &&
            !shown.contains(n->sceneBoundingRect()))
            outOfView = true;
    }
    const bool newNamespace = !(namespaces - mSeenNamespaces).isEmpty();
    mSeenNamespaces = namespaces;
    mSeenNodes = nodes;
    if (first || newNamespace || outOfView) mView->fitAll();
}

void MainWindow::layOutDocks()
{
    // First start: the graph gets most of the width, each side column about a fifth of it.
    const int side = std::max(260, width() / 5);
    resizeDocks({mInspector}, {side}, Qt::Horizontal);
    resizeDocks({mInspector, mPolicyDock}, {height() * 2 / 5, height() * 3 / 5}, Qt::Vertical);
    if (mLabDock->isVisible())
        resizeDocks({mLabDock}, {std::max(280, width() / 5)}, Qt::Horizontal);
}

void MainWindow::showShortcuts()
{
    // Read from the actions themselves, so the list is what the keys really do.
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    auto *layout = new QVBoxLayout(dialog);
    auto *table = new QTableWidget(0, 2);
    table->setObjectName(QStringLiteral("ShortcutTable"));
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QList<QAction *> seen;
    for (QAction *menuAction : menuBar()->actions()) {
        if (!menuAction->menu()) continue;
        for (QAction *a : menuAction->menu()->actions()) {
            if (a->shortcuts().isEmpty() || seen.contains(a)) continue;
            seen << a;
            QStringList keys;
            for (const QKeySequence &k : a->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, 0, new QTableWidgetItem(keys.join(QLatin1String(", "))));
            QString what = a->text().remove(QLatin1Char('&'));
            if (a == mUndo || a == mRedo) what = a->iconText();
            table->setItem(row, 1,
                           new QTableWidgetItem(menuAction->text().remove(QLatin1Char('&')) +
                                                QStringLiteral(" → ") + what));
        }
    }
    const QStringList mouse{
        tr("Mouse wheel, Ctrl+trackpad, pinch\tZoom"),
        tr("Middle button drag, trackpad scroll\tPan"),
        tr("Double-click a namespace\tCollapse or expand it"),
        tr("Right-click a namespace or pod\tDefault deny, DNS, same-namespace and internet rules"),
        tr("Ctrl+click two pods\tWhy traffic between them is allowed or denied (Inspector)"),
    };
    for (const QString &m : mouse) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(m.section(QLatin1Char('\t'), 0, 0)));
        table->setItem(row, 1, new QTableWidgetItem(m.section(QLatin1Char('\t'), 1)));
    }
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(620, 560);
    dialog->show();
}

void MainWindow::updateDeniedLines()
{
    if (!mScene) return;
    qDeleteAll(mDenied);
    mDenied.clear();
    const core::Evaluator &ev = mDocument->evaluator();
    QSet<QString> drawn;
    auto add = [&](const QString &from, const QString &to, const QString &reason) {
        if (from == to || drawn.contains(from + QLatin1Char('\n') + to)) return;
        drawn.insert(from + QLatin1Char('\n') + to);
        auto *item = new DeniedPairItem(mScene, from, to, reason, 7);
        mScene->addItem(item);
        mDenied << item;
    };
    // Two selected pods, each direction that allows nothing.
    const QStringList order = mInspector->selectionOrder();
    if (order.size() == 2) {
        NodeItem *a = mScene->node(order[0]), *b = mScene->node(order[1]);
        if (a && b && !(a->isExternal() && b->isExternal()))
            for (const auto &[from, to] : {std::pair{a, b}, std::pair{b, a}}) {
                const core::Explanation x = ev.explain(from->endpoint(), to->endpoint());
                if (x.allowed.isEmpty())
                    add(from->id(), to->id(),
                        QString::fromStdString(core::ExplanationWriter::text(ev, x)).trimmed());
            }
    }
    // The lab's "must allow" lines that do not pass yet.
    if (const core::Lab *lab = mLabDock->lab()) {
        const int step = mLabDock->currentStep();
        auto nodeFor = [this](const std::string &name) -> QString {
            const QString id = QString::fromStdString(name);
            if (mScene->node(id)) return id;
            if (name == "internet")
                for (NodeItem *n : mScene->nodes())
                    if (n->isExternal() && n->title() == tr("Internet")) return n->id();
            return {};
        };
        if (step >= 0 && step < int(lab->steps.size()))
            for (const core::RequirementResult &r : mLabDock->result().requirements) {
                if (r.passed || !r.requirement ||
                    *r.requirement >= lab->steps[size_t(step)].requirements.size())
                    continue;
                const core::LabRequirement &req =
                    lab->steps[size_t(step)].requirements[*r.requirement];
                if (req.expect != core::Expectation::Allow) continue;
                const QString from = nodeFor(req.from), to = nodeFor(req.to);
                if (!from.isEmpty() && !to.isEmpty())
                    add(from, to, QString::fromStdString(r.text + "\n" + r.explanation).trimmed());
            }
    }
}

std::string MainWindow::connectivityTestText() const
{
    if (mLabDock->hasLab()) {
        const core::LabStep &step = mLabDock->lab()->steps[size_t(mLabDock->currentStep())];
        return core::ConnectivityTestWriter::write(step, step.id, step.goal);
    }
    QStringList pods;
    for (QGraphicsItem *item : mScene->selectedItems())
        if (item->type() == NodeItem::Type && !static_cast<NodeItem *>(item)->isExternal())
            pods << static_cast<NodeItem *>(item)->id();
    if (pods.size() < 2) return {};
    pods.sort();
    return ConnectivityTestDock::testFromPairs(*mDocument, pods, "selected-pods");
}

} // namespace netfence::ui
