#include "ui/labdock.h"

#include "core/clusteredits.h"
#include "core/connectivityscript.h"
#include "core/labloader.h"
#include "core/labverifier.h"
#include "ui/atomicfile.h"
#include "ui/document.h"
#include "ui/labmarkdown.h"
#include "ui/labprogress.h"

#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace netfence::ui {

namespace {

// Reads the files a lab names from Qt resources or from disk.
std::optional<std::string> readLabFile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    return file.readAll().toStdString();
}

QString md(const std::string &text)
{
    return QString::fromStdString(text).trimmed();
}

// A line of plain text (a title) inside Markdown: its special characters escaped.
QString plain(const std::string &text)
{
    QString out;
    for (const QChar c : QString::fromStdString(text).simplified()) {
        if (QStringLiteral("\\`*_{}[]()#+-.!|<>").contains(c)) out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

} // namespace

LabDock::LabDock(Document *document, QWidget *parent)
    : QDockWidget(tr("Lab"), parent), mDocument(document)
{
    setObjectName(QStringLiteral("LabDock"));
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    mTitle = new QLabel(tr("No lab is open. File → Open Lab… or the built-in lab."));
    mTitle->setWordWrap(true);
    mTitle->setTextFormat(Qt::RichText);
    layout->addWidget(mTitle);
    // lab verify's findings, for the author: shown only when there are some.
    mVerify = new QLabel;
    mVerify->setObjectName(QStringLiteral("LabVerify"));
    mVerify->setWordWrap(true);
    mVerify->setTextFormat(Qt::PlainText);
    mVerify->setStyleSheet(QStringLiteral("color: #b45309"));
    mVerify->hide();
    layout->addWidget(mVerify);
    auto *splitter = new QSplitter(Qt::Vertical);
    mSteps = new QListWidget;
    mSteps->setMaximumHeight(150);
    splitter->addWidget(mSteps);
    mText = new QTextBrowser;
    mText->setObjectName(QStringLiteral("LabText"));
    splitter->addWidget(mText);
    mRequirements = new QTreeWidget;
    mRequirements->setHeaderHidden(true);
    mRequirements->setWordWrap(true);
    splitter->addWidget(mRequirements);
    layout->addWidget(splitter, 1);
    // Revealed hints sit right above the Hint button, where the learner just clicked.
    mHintBox = new QTextBrowser;
    mHintBox->setObjectName(QStringLiteral("LabHints"));
    mHintBox->setStyleSheet(
        QStringLiteral("QTextBrowser { background: #fff8e1; color: #3e2c00; }"));
    mHintBox->hide();
    layout->addWidget(mHintBox);
    mStatus = new QLabel;
    mStatus->setWordWrap(true);
    layout->addWidget(mStatus);
    // Two rows of two keep the dock narrow; the graph needs the width.
    auto *buttons = new QGridLayout;
    mHint = new QPushButton(tr("Hint"));
    mSolution = new QPushButton(tr("Show a Solution"));
    mNext = new QPushButton(tr("Next Step"));
    mExport = new QPushButton(tr("Export Test…"));
    mExport->setToolTip(
        tr("A shell script that checks the goal on a real cluster with kubectl exec and nc"));
    buttons->addWidget(mHint, 0, 0);
    buttons->addWidget(mSolution, 0, 1);
    buttons->addWidget(mNext, 1, 0);
    buttons->addWidget(mExport, 1, 1);
    layout->addLayout(buttons);
    setWidget(page);

    connect(mHint, &QPushButton::clicked, this, &LabDock::revealHint);
    connect(mSolution, &QPushButton::clicked, this, &LabDock::showSolution);
    connect(mNext, &QPushButton::clicked, this, [this] { goToStep(mStep + 1); });
    connect(mExport, &QPushButton::clicked, this, &LabDock::exportScript);
    connect(mSteps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != mStep && !goToStep(row)) renderSteps();
    });
    connect(document, &Document::changed, this, &LabDock::check);
    // Opening other manifests ends the lab.
    connect(document, &Document::loaded, this, [this] {
        if (mLab && mDocument->paths() != QStringList{mPath}) {
            mLab.reset();
            mTitle->setText(tr("No lab is open. File → Open Lab… or the built-in lab."));
            setWindowTitle(tr("Lab"));
            render();
            hide();
        }
    });
    render();
}

QStringList LabDock::openLab(const QString &path)
{
    const core::LabLoadResult loaded =
        path.startsWith(QLatin1String(":/"))
            ? core::LabLoader::loadText(readLabFile(path.toStdString()).value_or(""),
                                        path.toStdString(), readLabFile)
            : core::LabLoader::load(path.toStdString());
    QStringList problems;
    for (const core::Diagnostic &d : loaded.diagnostics)
        problems << QString::fromStdString(d.toString());
    if (!loaded.ok())
        return problems.isEmpty() ? QStringList{tr("%1 is not a lab file.").arg(path)} : problems;
    mLab = loaded.lab;
    mPath = path;
    mStep = 0;
    mUnlocked = 1;
    mHints = 0;
    const core::LabVerification verification = core::LabVerifier::verify(*mLab);
    mVerification = verification.ok() && verification.warningCount() == 0
                        ? QString()
                        : QString::fromStdString(verification.report(*mLab));
    mVerify->setText(mVerification.isEmpty() ? QString()
                                             : tr("For the lab's author (lab verify): %1 error(s), "
                                                  "%2 warning(s). Hover for details.")
                                                   .arg(verification.problemCount())
                                                   .arg(verification.warningCount()));
    mVerify->setToolTip(mVerification);
    mVerify->setVisible(!mVerification.isEmpty());
    LabProgress::addRecentLab(path);
    mDocument->setContents(mLab->buildCluster(0, 0), {path});
    setWindowTitle(tr("Lab: %1").arg(QString::fromStdString(mLab->title)));
    check();
    emit labOpened();
    return problems;
}

bool LabDock::goToStep(int index)
{
    if (!mLab || index < 0 || index >= int(mLab->steps.size()) || index >= mUnlocked ||
        index == mStep)
        return false;
    // What the steps up to the target add joins the cluster, once.
    std::vector<core::LabFile> adds;
    for (int s = mStep + 1; s <= index; ++s)
        adds.insert(adds.end(), mLab->steps[size_t(s)].adds.begin(),
                    mLab->steps[size_t(s)].adds.end());
    mStep = index;
    mHints = 0;
    if (!adds.empty()) mergeInto(adds, tr("Start step %1").arg(index + 1), false);
    check();
    return true;
}

bool LabDock::playThrough(int index)
{
    if (!mLab) return false;
    index = std::clamp(index, 0, int(mLab->steps.size()) - 1);
    while (mStep < index) {
        showSolution();
        check();
        if (!goToStep(mStep + 1)) return false;
    }
    return true;
}

void LabDock::resume(int step, int unlocked, int hints)
{
    if (!mLab || mLab->steps.empty()) return;
    mUnlocked = std::clamp(unlocked, 1, int(mLab->steps.size()));
    mStep = std::clamp(step, 0, mUnlocked - 1);
    mHints = std::clamp(hints, 0, int(mLab->steps[size_t(mStep)].hints.size()));
    check();
}

void LabDock::mergeInto(const std::vector<core::LabFile> &files, const QString &text,
                        bool replacePolicies)
{
    core::ManifestLoader loader;
    for (const core::LabFile &f : files)
        loader.addText(f.text, f.path);
    const core::LoadResult added = loader.finish();
    mDocument->edit(text, core::ClusterEdits::mergeLabStep(mDocument->cluster(), added.cluster,
                                                           replacePolicies));
}

void LabDock::showSolution()
{
    if (!mLab) return;
    mergeInto(mLab->steps[size_t(mStep)].solution, tr("Solution of step %1").arg(mStep + 1), true);
}

void LabDock::revealHint()
{
    if (!mLab) return;
    mHints = std::min<int>(mHints + 1, int(mLab->steps[size_t(mStep)].hints.size()));
    render();
}

void LabDock::check()
{
    if (!mLab) return;
    mResult = core::LabChecker::check(mLab->steps[size_t(mStep)], mDocument->evaluator());
    if (mResult.passed)
        LabProgress::markPassed(LabProgress::key(mPath),
                                QString::fromStdString(mLab->steps[size_t(mStep)].id));
    if (mResult.passed && mStep + 1 >= mUnlocked && mUnlocked < int(mLab->steps.size())) {
        mUnlocked = mStep + 2;
        emit stepPassed(mStep);
    } else if (mResult.passed && mStep + 1 == int(mLab->steps.size())) {
        emit stepPassed(mStep);
    }
    render();
    emit checked();
}

void LabDock::renderSteps()
{
    const QSignalBlocker blocker(mSteps);
    mSteps->clear();
    if (!mLab) return;
    for (size_t i = 0; i < mLab->steps.size(); ++i) {
        const bool locked = int(i) >= mUnlocked;
        auto *item = new QListWidgetItem(QStringLiteral("%1. %2%3")
                                             .arg(i + 1)
                                             .arg(QString::fromStdString(mLab->steps[i].title))
                                             .arg(locked ? tr(" (locked)") : QString()));
        if (locked) item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        mSteps->addItem(item);
    }
    mSteps->setCurrentRow(mStep);
}

void LabDock::render()
{
    renderSteps();
    const bool has = mLab.has_value();
    for (QPushButton *b : {mHint, mSolution, mExport})
        b->setEnabled(has);
    mNext->setEnabled(has && mStep + 1 < mUnlocked && mStep + 1 < int(mLab->steps.size()));
    mRequirements->clear();
    if (!has) {
        mText->clear();
        mStatus->clear();
        mHintBox->clear();
        mHintBox->hide();
        mVerify->hide();
        return;
    }
    // The description introduces the lab; past step 1 the step's own text needs the room.
    const QString intro = LabMarkdown::toHtml(
        QStringLiteral("**%1**\n\n%2").arg(plain(mLab->title), md(mLab->description)));
    mTitle->setText(
        mStep == 0 ? intro : LabMarkdown::toHtml(QStringLiteral("**%1**").arg(plain(mLab->title))));
    mTitle->setToolTip(mStep == 0 ? QString() : intro);
    const core::LabStep &step = mLab->steps[size_t(mStep)];
    QString text = QStringLiteral("### %1. %2\n\n**%3**\n\n%4\n\n")
                       .arg(mStep + 1)
                       .arg(plain(step.title), plain(step.goal), md(step.text));
    if (!step.conceptText.empty()) text += tr("#### The idea\n\n%1\n").arg(md(step.conceptText));
    const int scroll = mText->verticalScrollBar()->value();
    LabMarkdown::setMarkdown(mText->document(), text);
    mText->verticalScrollBar()->setValue(scroll);
    QString hints;
    const int shown = std::min(mHints, int(step.hints.size()));
    for (int h = 0; h < shown; ++h)
        hints += tr("**Hint %1 of %2**\n\n%3\n\n")
                     .arg(h + 1)
                     .arg(step.hints.size())
                     .arg(md(step.hints[size_t(h)]));
    LabMarkdown::setMarkdown(mHintBox->document(), hints);
    mHintBox->setVisible(shown > 0);
    // As tall as its hints, up to a limit: the step's text keeps the rest.
    mHintBox->document()->setTextWidth(mHintBox->viewport()->width());
    const int height = int(mHintBox->document()->size().height()) + 2 * mHintBox->frameWidth() + 4;
    mHintBox->setFixedHeight(std::clamp(height, 40, 160));
    // The newest hint in view.
    mHintBox->verticalScrollBar()->setValue(mHintBox->verticalScrollBar()->maximum());
    mHint->setEnabled(mHints < int(step.hints.size()));
    mHint->setText(step.hints.empty() ? tr("No hints")
                                      : tr("Hint (%1/%2)").arg(mHints).arg(step.hints.size()));

    for (const core::RequirementResult &r : mResult.requirements) {
        auto *item = new QTreeWidgetItem(mRequirements,
                                         {(r.passed ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) +
                                          QString::fromStdString(r.text)});
        item->setForeground(0, r.passed ? QColor(46, 125, 50) : QColor(198, 40, 40));
        item->setToolTip(0, QString::fromStdString(r.explanation));
        if (!r.passed && !r.hint.empty()) {
            auto *teacher = new QTreeWidgetItem(
                item, {tr("Teacher's hint: %1").arg(QString::fromStdString(r.hint).trimmed())});
            teacher->setFlags(Qt::ItemIsEnabled);
            teacher->setForeground(0, QColor(21, 101, 192));
        }
        auto *why = new QTreeWidgetItem(item, {QString::fromStdString(r.explanation)});
        why->setFlags(Qt::ItemIsEnabled);
        if (!r.passed) item->setExpanded(true);
    }
    for (const core::MistakeHint &m : mResult.mistakes) {
        auto *item = new QTreeWidgetItem(mRequirements,
                                         {QStringLiteral("⚠ ") + QString::fromStdString(m.hint)});
        item->setForeground(0, QColor(230, 120, 0));
        item->setToolTip(0, QString::fromStdString(m.hint));
    }
    for (size_t i = 0; i < mResult.unintended.size() && i < 10; ++i)
        new QTreeWidgetItem(mRequirements,
                            {tr("✘ open but not asked for: %1")
                                 .arg(QString::fromStdString(mResult.unintended[i]))});
    mStatus->setText(
        mResult.passed
            ? (mStep + 1 < int(mLab->steps.size())
                   ? tr("<b style='color:#2e7d32'>Step passed.</b> The next one is unlocked.")
                   : tr("<b style='color:#2e7d32'>Lab complete.</b> Every step passed."))
            : tr("%1 of %2 requirements met.")
                  .arg(mResult.passedCount())
                  .arg(mResult.requirements.size()));
}

std::string LabDock::connectivityScript(bool wholeMatrix) const
{
    if (!mLab) return {};
    const core::LabStep &step = mLab->steps[size_t(mStep)];
    const auto checks =
        wholeMatrix ? core::ConnectivityScript::matrixChecks(mDocument->evaluator(), step.probes)
                    : core::ConnectivityScript::goalChecks(step);
    return core::ConnectivityScript::write(mDocument->cluster(), checks,
                                           mLab->title + " - step " + std::to_string(mStep + 1) +
                                               ": " + step.title);
}

void LabDock::exportScript()
{
    QMessageBox ask(QMessageBox::Question, tr("Export connectivity test"),
                    tr("Test the goal of this step, or every connection of the cluster as netfence "
                       "sees it now?"),
                    QMessageBox::NoButton, this);
    QPushButton *goal = ask.addButton(tr("The goal"), QMessageBox::AcceptRole);
    ask.addButton(tr("The whole matrix"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == ask.button(QMessageBox::Cancel)) return;
    const std::string script = connectivityScript(ask.clickedButton() != goal);
    const QString file = QFileDialog::getSaveFileName(this, tr("Save the test script"),
                                                      QStringLiteral("netfence-check.sh"),
                                                      tr("Shell scripts (*.sh)"));
    if (file.isEmpty()) return;
    if (!writeFileAtomically(file, QByteArray::fromStdString(script))) {
        QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(file));
        return;
    }
    QFile::setPermissions(file,
                          QFile::permissions(file) | QFileDevice::ExeOwner | QFileDevice::ExeUser);
}

} // namespace netfence::ui
