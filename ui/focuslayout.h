#pragma once

#include "ui/edgelayeritem.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QSet>
#include <QString>

#include <set>
#include <string>
#include <vector>

namespace netfence::ui {

class Document;
class LayoutWorker;

// The picture focus mode shows: the selection and every node an arrow joins to it, laid out on
// their own by the same view-model and layout as `netfence-cli graph --focus` (GraphModel::focus,
// GraphPicture::layoutInput, GraphLayout on a worker thread). Its positions belong to the view:
// the document never sees them, so focusing is no edit, and leaving focus shows the document's
// positions again.
class FocusLayout : public QObject
{
    Q_OBJECT

public:
    struct Picture
    {
        QHash<QString, QPointF> positions;        // node centres, by the scene's node id
        QHash<QString, QPointF> collapsedCenters; // collapsed namespaces shown, by name
        std::vector<GraphEdge> routes;            // the ends and route of every routed arrow
    };

    explicit FocusLayout(Document *document, QObject *parent = nullptr);
    ~FocusLayout() override;

    // The scene ids shown in focus on `seeds` (scene ids) with these namespaces collapsed;
    // lays them out unless that picture is the one shown or on its way.
    QSet<QString> update(const QSet<QString> &seeds, const QSet<QString> &collapsed);
    // Forgets the picture and any layout on its way (focus is off, or nothing is selected).
    void clear();
    bool hasPicture() const { return mHasPicture; }
    // The latest picture that arrived; it may be of an earlier selection while a newer runs.
    const Picture &picture() const { return mPicture; }
    bool isRunning() const;
    // Blocks until the running layout (if any) has been delivered; for tests.
    void waitForFinished();

    // The view-model's id of a scene node id (ranges are kept under "ext:", Document::nodeId).
    static std::string coreId(const QString &sceneId);

signals:
    // A new picture arrived: the scene shows it.
    void pictureReady();
    void failed(const QString &error);

private:
    Document *mDocument;
    LayoutWorker *mWorker;
    // What the running or shown layout is of: the shown node ids and the collapsed namespaces.
    std::set<std::string> mShown;
    std::set<std::string> mCollapsed;
    bool mRequested = false;
    std::vector<GraphEdge> mEnds; // the input edges' ends in scene ids, by slot
    std::set<std::string> mCollapsedShown;
    QHash<QString, QString> mSceneIds; // core id -> scene id of the nodes laid out
    Picture mPicture;
    bool mHasPicture = false;
};

} // namespace netfence::ui
