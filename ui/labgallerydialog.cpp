#include "ui/labgallerydialog.h"

#include "core/labloader.h"
#include "ui/labmarkdown.h"
#include "ui/labprogress.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace netfence::ui {

namespace {

std::optional<std::string> readAnyFile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    return file.readAll().toStdString();
}

// The labs of a folder: its *.lab.yaml files, not those of sub-folders.
QStringList labsIn(const QString &folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString &name :
         dir.entryList({QStringLiteral("*.lab.yaml")}, QDir::Files, QDir::Name))
        out << dir.filePath(name);
    return out;
}

} // namespace

LabGalleryDialog::Entry LabGalleryDialog::describe(const QString &path, const QString &source)
{
    Entry e;
    e.path = path;
    e.source = source;
    const core::LabLoadResult loaded =
        path.startsWith(QLatin1String(":/"))
            ? core::LabLoader::loadText(readAnyFile(path.toStdString()).value_or(""),
                                        path.toStdString(), readAnyFile)
            : core::LabLoader::load(path.toStdString());
    if (loaded.lab) {
        e.title = QString::fromStdString(loaded.lab->title);
        e.description = QString::fromStdString(loaded.lab->description).trimmed();
        e.steps = int(loaded.lab->steps.size());
        const QMap<QString, QDateTime> passed = LabProgress::passed(LabProgress::key(path));
        for (const core::LabStep &s : loaded.lab->steps)
            e.passed += passed.contains(QString::fromStdString(s.id)) ? 1 : 0;
    }
    if (!loaded.ok()) {
        e.problem = tr("Not a valid lab");
        for (const core::Diagnostic &d : loaded.diagnostics)
            if (d.severity == core::Severity::Error) {
                e.problem = QString::fromStdString(d.toString());
                break;
            }
    }
    if (e.title.isEmpty()) e.title = QFileInfo(path).fileName();
    return e;
}

QList<LabGalleryDialog::Entry> LabGalleryDialog::entries()
{
    QList<Entry> out;
    QStringList seen;
    for (const QString &path : labsIn(QStringLiteral(":/labs")))
        out << describe(path, tr("Built-in"));
    for (const QString &path : LabProgress::recentLabs())
        if (QFileInfo::exists(path) && !seen.contains(path)) {
            seen << path;
            out << describe(path, tr("Recent"));
        }
    if (const QString folder = LabProgress::labFolder(); !folder.isEmpty())
        for (const QString &path : labsIn(folder))
            if (!seen.contains(QFileInfo(path).absoluteFilePath())) {
                seen << QFileInfo(path).absoluteFilePath();
                out << describe(path, tr("Folder"));
            }
    return out;
}

LabGalleryDialog::LabGalleryDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Labs"));
    setObjectName(QStringLiteral("LabGallery"));
    resize(760, 480);
    auto *layout = new QVBoxLayout(this);
    mList = new QTreeWidget;
    mList->setHeaderLabels({tr("Lab"), tr("Steps"), tr("Progress"), tr("From")});
    mList->setRootIsDecorated(false);
    mList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    layout->addWidget(mList, 2);
    mDescription = new QLabel;
    mDescription->setWordWrap(true);
    mDescription->setTextFormat(Qt::RichText);
    mDescription->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(mDescription, 1);

    auto *buttons = new QHBoxLayout;
    auto *folder = new QPushButton(tr("Labs Folder…"));
    folder->setToolTip(tr("Show the labs (*.lab.yaml) of a folder you choose"));
    mReset = new QPushButton(tr("Reset Progress"));
    mOpen = new QPushButton(tr("Open"));
    mOpen->setDefault(true);
    auto *close = new QPushButton(tr("Close"));
    buttons->addWidget(folder);
    buttons->addWidget(mReset);
    buttons->addStretch();
    buttons->addWidget(mOpen);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(folder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("A folder of labs"),
                                                              LabProgress::labFolder());
        if (!dir.isEmpty()) setFolder(dir);
    });
    connect(mReset, &QPushButton::clicked, this, &LabGalleryDialog::resetSelected);
    connect(mOpen, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = mList->currentItem()) {
            mChosen = item->data(0, Qt::UserRole).toString();
            accept();
        }
    });
    connect(mList, &QTreeWidget::itemActivated, mOpen, &QPushButton::click);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(mList, &QTreeWidget::currentItemChanged, this, &LabGalleryDialog::showSelected);
    refresh();
}

void LabGalleryDialog::refresh()
{
    const QString current =
        mList->currentItem() ? mList->currentItem()->data(0, Qt::UserRole).toString() : QString();
    mList->clear();
    for (const Entry &e : entries()) {
        auto *item = new QTreeWidgetItem(
            mList, {e.title, QString::number(e.steps),
                    e.steps == 0          ? QString()
                    : e.passed == e.steps ? tr("complete")
                                          : tr("%1 of %2 passed").arg(e.passed).arg(e.steps),
                    e.source});
        item->setData(0, Qt::UserRole, e.path);
        item->setData(1, Qt::UserRole, e.description);
        item->setData(2, Qt::UserRole, e.problem);
        item->setToolTip(0, e.title + QLatin1Char('\n') + e.path);
        if (!e.problem.isEmpty()) item->setForeground(0, QColor(198, 40, 40));
        if (e.path == current || (current.isEmpty() && mList->topLevelItemCount() == 1))
            mList->setCurrentItem(item);
    }
    showSelected();
}

void LabGalleryDialog::showSelected()
{
    QTreeWidgetItem *item = mList->currentItem();
    mOpen->setEnabled(item && item->data(2, Qt::UserRole).toString().isEmpty());
    mReset->setEnabled(item != nullptr);
    if (!item) {
        mDescription->clear();
        return;
    }
    const QString problem = item->data(2, Qt::UserRole).toString();
    QString text = LabMarkdown::toHtml(item->data(1, Qt::UserRole).toString());
    if (!problem.isEmpty())
        text += QStringLiteral("<p style='color:#c62828'>%1</p>").arg(problem.toHtmlEscaped());
    mDescription->setText(text);
}

void LabGalleryDialog::resetSelected()
{
    if (QTreeWidgetItem *item = mList->currentItem()) {
        LabProgress::reset(LabProgress::key(item->data(0, Qt::UserRole).toString()));
        refresh();
    }
}

void LabGalleryDialog::setFolder(const QString &folder)
{
    LabProgress::setLabFolder(folder);
    refresh();
}

} // namespace netfence::ui
