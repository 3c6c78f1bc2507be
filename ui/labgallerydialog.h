#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace netfence::ui {

// File -> Labs...: the built-in labs, the labs opened lately and the labs of a folder the
// teacher chooses, each with its title, description, step count and the learner's progress.
class LabGalleryDialog : public QDialog
{
    Q_OBJECT

public:
    struct Entry
    {
        QString path;   // a file, or ":/labs/NAME.lab.yaml"
        QString source; // "Built-in", "Recent" or "Folder"
        QString title;
        QString description;
        int steps = 0;
        int passed = 0;  // steps of this lab the learner has passed
        QString problem; // why the lab cannot be opened, or ""
    };

    explicit LabGalleryDialog(QWidget *parent = nullptr);

    // Every lab the gallery shows: built-in, recent, then the chosen folder's.
    static QList<Entry> entries();
    // Reads one lab for the gallery (title, steps, progress).
    static Entry describe(const QString &path, const QString &source);

    // The lab chosen with Open, or "".
    QString chosenPath() const { return mChosen; }
    QTreeWidget *list() const { return mList; }
    void refresh();
    // Forgets the progress of the selected lab.
    void resetSelected();
    // Shows the labs of `folder` from now on (kept across sessions).
    void setFolder(const QString &folder);

private:
    void showSelected();

    QTreeWidget *mList;
    QLabel *mDescription;
    QPushButton *mOpen;
    QPushButton *mReset;
    QString mChosen;
};

} // namespace netfence::ui
