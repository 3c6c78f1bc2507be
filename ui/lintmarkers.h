#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QGraphicsItem;

namespace netfence::ui {

class GraphScene;
class ProblemsDock;

// A small mark on every node a lint finding concerns: the workload it names, or the pods the
// policy it names selects. Its tooltip lists the findings.
class LintMarkers : public QObject
{
    Q_OBJECT

public:
    LintMarkers(GraphScene *scene, ProblemsDock *problems, QObject *parent = nullptr);
    ~LintMarkers() override;

    // Node id -> the findings' sentences shown on its mark.
    const QHash<QString, QString> &marked() const { return mTexts; }

private:
    void rebuild();
    void place();

    GraphScene *mScene;
    ProblemsDock *mProblems;
    QHash<QString, QString> mTexts;
    QHash<QString, QGraphicsItem *> mItems;
};

} // namespace netfence::ui
