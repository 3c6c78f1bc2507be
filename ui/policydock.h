#pragma once

#include "core/clusterchange.h"

#include <QDockWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace netfence::ui {

class Document;

// The policies: a list by namespace, and the selected one as a form and as YAML text. Both
// editors validate before anything is applied; each apply is one undo step.
class PolicyDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit PolicyDock(Document *document, QWidget *parent = nullptr);

    int currentPolicy() const { return mCurrent; }
    void selectPolicy(int index);
    // The selected cluster policy (index into Cluster::clusterPolicies), or -1.
    int currentClusterPolicy() const { return mCurrentCluster; }
    void selectClusterPolicy(int index);
    // The YAML editor, for tests and for "edit as text".
    QPlainTextEdit *yamlEditor() const { return mYaml; }
    // Parses the YAML editor and replaces the current policy (or cluster policy); returns the
    // problem or "". Nothing is applied when the text does not load cleanly.
    QString applyYaml();
    QString applyForm();
    void newPolicy(const QString &ns);
    // Chooses the namespace of "New" when neither a policy nor a namespace is selected here.
    void setNamespaceChooser(std::function<QString()> chooser)
    {
        mNamespaceChooser = std::move(chooser);
    }
    // Adds an empty Admin ClusterNetworkPolicy (no rules: no effect yet) and selects it.
    void newClusterPolicy();
    // Deletes the selected policy or cluster policy.
    void deleteCurrent();

signals:
    void currentPolicyChanged(int index);
    void currentClusterPolicyChanged(int index);

private:
    // Runs `select` once the edit just asked for is made: at once, or (a big cluster's edit
    // evaluated first) with the document's next change, if `made` says it is that edit's.
    void selectWhenMade(std::function<bool()> made, std::function<void()> select);
    // What the list shows, row by row: equal rows, nothing to rebuild.
    QStringList listRows() const;
    void rebuildList();
    void rememberKeys(); // after the indices changed
    void showCurrent();
    void showDiagnostics(const QString &text, int line);
    void showClusterPolicy(int index);
    QString applyClusterYaml();

    static constexpr int kClusterPolicyRole = Qt::UserRole + 2;

    Document *mDocument;
    QTreeWidget *mList;
    QTabWidget *mTabs;
    QLineEdit *mName;
    QLineEdit *mSelector;
    QCheckBox *mIngress;
    QCheckBox *mEgress;
    QTreeWidget *mRules;
    QPlainTextEdit *mYaml;
    QLabel *mProblem;
    QPushButton *mApply;
    // The selection as indices (for the moment) and as stable keys (what it follows across edits).
    int mCurrent = -1;
    int mCurrentCluster = -1;
    core::PolicyKey mCurrentKey = core::kNoPolicyKey;
    core::PolicyKey mCurrentClusterKey = core::kNoPolicyKey;
    bool mUpdating = false;
    std::function<QString()> mNamespaceChooser;
    QStringList mListRows; // as the list was last built
};

} // namespace netfence::ui
