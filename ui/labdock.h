#pragma once

#include "core/lab.h"
#include "core/labchecker.h"

#include <QDockWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace netfence::ui {

class Document;

// Runs a teaching lab: the steps (each unlocked by passing the one before), the current
// step's text and hints, and its goal checked live after every edit, each requirement green
// or red with the explanation of the current verdict and the mistakes spotted.
class LabDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit LabDock(Document *document, QWidget *parent = nullptr);

    // Loads a lab file (a path or ":/" resource) and starts it at step 1 in the document.
    // Returns the problems; the lab stays closed when there are errors.
    QStringList openLab(const QString &path);
    bool hasLab() const { return mLab.has_value(); }
    const core::Lab *lab() const { return mLab ? &*mLab : nullptr; }
    int currentStep() const { return mStep; }
    int unlockedSteps() const { return mUnlocked; }
    int hintsShown() const { return mHints; }
    // The file (or ":/" resource) the open lab came from.
    QString path() const { return mPath; }
    // Puts a reopened lab back where a recovered session left it; the document already holds
    // what the steps up to there added. Out-of-range figures are clamped.
    void resume(int step, int unlocked, int hints);
    const core::StepResult &result() const { return mResult; }
    // lab verify's report when it found errors or warnings, else empty (shown to the author).
    QString verification() const { return mVerification; }

    // Moves to a step that is unlocked; what the steps in between add joins the cluster.
    bool goToStep(int index);
    // Applies the current step's reference solution on top of the cluster (one undo step).
    void showSolution();
    // Walks from the current step to `index`, applying each step's reference solution on the
    // way (for demonstrations and pictures). False when a solution does not pass its step.
    bool playThrough(int index);
    void revealHint();
    // The connectivity test script for the current goal, or for the whole matrix.
    std::string connectivityScript(bool wholeMatrix) const;

signals:
    void stepPassed(int index);
    void labOpened();
    // The goal was checked again (after an edit, or on moving to another step).
    void checked();

private:
    void check();
    void render();
    void renderSteps();
    void mergeInto(const std::vector<core::LabFile> &files, const QString &text,
                   bool replacePolicies);
    void exportScript();

    Document *mDocument;
    std::optional<core::Lab> mLab;
    QString mPath;
    int mStep = 0;
    int mUnlocked = 1;
    int mHints = 0;
    core::StepResult mResult;
    QString mVerification;
    QLabel *mTitle;
    QLabel *mVerify;
    QTextBrowser *mHintBox;
    QListWidget *mSteps;
    QTextBrowser *mText;
    QTreeWidget *mRequirements;
    QLabel *mStatus;
    QPushButton *mHint;
    QPushButton *mSolution;
    QPushButton *mNext;
    QPushButton *mExport;
};

} // namespace netfence::ui
