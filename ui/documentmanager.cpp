#include "ui/documentmanager.h"

#include "core/policyfilenames.h"
#include "core/regularfile.h"
#include "core/yamlwriter.h"
#include "ui/atomicfile.h"
#include "ui/document.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

namespace netfence::ui {

namespace {

// An existing file larger than this is not read to list what replacing it would drop.
constexpr size_t kMaxListedFileBytes = 8 << 20;

// A name from a manifest, fit for a message: no control characters, no endless length.
QString printable(const std::string &text)
{
    constexpr size_t kLongest = 120;
    QString s = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), kLongest)));
    for (QChar &c : s)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
            c.category() == QChar::Separator_Paragraph)
            c = QChar(0xFFFD);
    return text.size() > kLongest ? s + QStringLiteral("…") : s;
}

} // namespace

DocumentManager::DocumentManager(Document *document, QWidget *dialogParent, QObject *parent)
    : QObject(parent), mDocument(document), mDialogParent(dialogParent)
{
    // A new design has not been saved anywhere yet.
    connect(mDocument, &Document::loaded, this, [this] { mSaveTarget.clear(); });
}

QMessageBox::StandardButton DocumentManager::ask(const QString &title, const QString &text,
                                                 QMessageBox::StandardButtons buttons)
{
    if (mAsk) return mAsk(title, text, buttons);
    return QMessageBox::question(mDialogParent, title, text, buttons);
}

void DocumentManager::stamp(const QString &file)
{
    const QFileInfo info(file);
    if (info.isFile()) mStamps.insert(info.absoluteFilePath(), {info.lastModified(), info.size()});
}

bool DocumentManager::changedOnDisk(const QString &file) const
{
    const QFileInfo info(file);
    auto it = mStamps.find(info.absoluteFilePath());
    if (it == mStamps.end() || !info.exists()) return false;
    return it->first != info.lastModified() || it->second != info.size();
}

void DocumentManager::addRecent(const QStringList &paths)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    const QString entry = paths.join(QLatin1Char('\n'));
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent"), recent);
    emit recentFilesChanged();
}

bool DocumentManager::maybeSave()
{
    if (!mDocument->isModified()) return true;
    const auto answer =
        ask(tr("Unsaved changes"), tr("The design has changes that are not saved. Save them?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

bool DocumentManager::save()
{
    if (mSaveTarget.isEmpty()) return saveAs();
    return saveTo(mSaveTarget, mSaveWholeDesign);
}

bool DocumentManager::saveAs()
{
    QString selected;
    const QString policiesFilter = tr("NetworkPolicies, kubectl-ready (*.yaml)");
    const QString designFilter = tr("Whole design: namespaces, workloads and policies (*.yaml)");
    const QString f = QFileDialog::getSaveFileName(
        mDialogParent, tr("Save"), QStringLiteral("policies.yaml"),
        policiesFilter + QStringLiteral(";;") + designFilter, &selected);
    if (f.isEmpty()) return false;
    for (const QString &input : mDocument->paths())
        if (QFileInfo(input) == QFileInfo(f) &&
            ask(tr("Overwrite an input file?"),
                tr("%1 is one of the files you opened. Replace it with the saved design?").arg(f),
                QMessageBox::Yes | QMessageBox::No) != QMessageBox::Yes)
            return false;
    return saveTo(f, selected == designFilter);
}

bool DocumentManager::saveTo(const QString &file, bool wholeDesign)
{
    if (changedOnDisk(file) && ask(tr("File changed on disk"),
                                   tr("%1 was changed by another program since netfence read or "
                                      "wrote it. Overwrite those changes?")
                                       .arg(file),
                                   QMessageBox::Yes | QMessageBox::No) != QMessageBox::Yes) {
        mLastSaveError = tr("Not saved: %1 changed on disk.").arg(file);
        return false;
    }
    const core::Cluster &c = mDocument->cluster();
    std::string text = "# Written by netfence " NETFENCE_VERSION "\n";
    text += wholeDesign ? core::YamlWriter::design(c) : core::YamlWriter::policies(c.policies);
    QString error;
    if (!writeFileAtomically(file, QByteArray::fromStdString(text), &error)) {
        mLastSaveError =
            tr("Could not write %1: %2. The file on disk is unchanged.").arg(file, error);
        if (!mAsk) QMessageBox::warning(mDialogParent, tr("Save failed"), mLastSaveError);
        emit statusMessage(mLastSaveError, 15000);
        return false;
    }
    mLastSaveError.clear();
    stamp(file);
    mSaveTarget = file;
    mSaveWholeDesign = wholeDesign;
    mDocument->markSaved();
    QString layoutError;
    if (!mDocument->saveLayoutFile(&layoutError) && !layoutError.isEmpty()) {
        emit saveTargetChanged();
        emit statusMessage(tr("Saved %1. %2").arg(file, layoutError), 15000);
        return true;
    }
    emit saveTargetChanged();
    emit statusMessage(tr("Saved %1").arg(file), 4000);
    return true;
}

bool DocumentManager::saveToFolder(const QString &folder)
{
    auto finish = [this](const QString &problem) {
        mLastSaveError = problem;
        if (!problem.isEmpty()) {
            if (!mAsk) QMessageBox::warning(mDialogParent, tr("Save Policies to Folder"), problem);
            emit statusMessage(problem.section(QLatin1Char('\n'), 0, 0), 15000);
        }
        return problem.isEmpty();
    };
    // Every file goes into this folder and nowhere else, whatever the names say.
    const QString into = QFileInfo(folder).canonicalFilePath();
    if (into.isEmpty() || !QFileInfo(into).isDir())
        return finish(tr("Not saved: %1 is not a folder.").arg(folder));

    // Files (and folders of files) the document was read from.
    QStringList inputs;
    for (const QString &p : mDocument->paths())
        if (!p.startsWith(QLatin1String(":/")) && !QFileInfo(p).canonicalFilePath().isEmpty())
            inputs << QFileInfo(p).canonicalFilePath();
    auto isInput = [&](const QString &file) {
        for (const QString &in : std::as_const(inputs))
            if (file == in || file.startsWith(in + QLatin1Char('/'))) return true;
        return false;
    };

    struct Target
    {
        const core::NetworkPolicy *policy = nullptr;
        QString fileName;
        QString path;
        bool exists = false;
        QString note; // what the user is told about an existing file
    };
    const std::vector<core::NetworkPolicy> &policies = mDocument->cluster().policies;
    std::vector<Target> targets;
    QStringList refused;
    for (const core::PolicyFile &f : core::PolicyFileNames::plan(policies)) {
        const core::NetworkPolicy &p = policies[f.policy];
        const QString who = printable(p.namespaceName + '/' + p.name);
        if (!f.problem.empty()) {
            refused << tr("• %1: not written, %2").arg(who, QString::fromStdString(f.problem));
            continue;
        }
        Target t;
        t.policy = &p;
        t.fileName = QString::fromStdString(f.fileName);
        t.path = QDir(into).filePath(t.fileName);
        if (QFileInfo(t.path).absolutePath() !=
            into) { // cannot happen with checked names; never write there
            refused << tr("• %1: not written, its file would not be inside the folder").arg(who);
            continue;
        }
        const std::string local = QFile::encodeName(t.path).toStdString();
        if (const std::string why = core::RegularFile::checkWritable(local); !why.empty()) {
            refused << tr("• %1: not written, %2: %3")
                           .arg(who, t.fileName, QString::fromStdString(why));
            continue;
        }
        t.exists = QFileInfo::exists(t.path);
        if (t.exists) {
            QStringList drops;
            const core::RegularFile::ReadResult old =
                core::RegularFile::read(local, kMaxListedFileBytes);
            if (old.status == core::RegularFile::ReadResult::Status::Ok)
                for (const std::string &o : core::PolicyFileNames::otherObjectsIn(old.text, p))
                    drops << printable(o);
            else
                drops << tr("its whole content, which netfence did not read (%1)")
                             .arg(QString::fromStdString(old.error));
            t.note = QStringLiteral("• ") + t.fileName;
            if (isInput(t.path)) t.note += tr(", a file you opened");
            if (!drops.isEmpty()) {
                const qsizetype shown = std::min<qsizetype>(drops.size(), 10);
                t.note += tr(": replacing it drops %1")
                              .arg(drops.mid(0, shown).join(QLatin1String(", ")));
                if (drops.size() > shown)
                    t.note += tr(" and %n more", nullptr, int(drops.size() - shown));
            }
        }
        targets.push_back(std::move(t));
    }

    bool replace = true;
    QStringList existing;
    for (const Target &t : targets)
        if (t.exists) existing << t.note;
    if (!existing.isEmpty()) {
        const auto answer = ask(
            tr("Replace existing files?"),
            tr("%n of the files already exist in %1.", nullptr, int(existing.size())).arg(into) +
                QStringLiteral("\n\n") + existing.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
                tr("Yes replaces them, No writes only the new files, Cancel writes nothing."),
            QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel);
        if (answer != QMessageBox::Yes && answer != QMessageBox::No)
            return finish(tr("Nothing saved into %1.").arg(into));
        replace = answer == QMessageBox::Yes;
    }
    int written = 0, kept = 0;
    QStringList failed;
    for (const Target &t : targets) {
        if (t.exists && !replace) {
            ++kept;
            continue;
        }
        std::string why;
        if (core::RegularFile::write(QFile::encodeName(t.path).toStdString(),
                                     core::YamlWriter::policy(*t.policy), &why))
            ++written;
        else
            failed << tr("• %1: %2").arg(t.fileName, QString::fromStdString(why));
    }
    const QStringList problems = refused + failed;
    if (!problems.isEmpty())
        return finish(
            tr("%n policies could not be saved into %1; %2 were.", nullptr, int(problems.size()))
                .arg(into)
                .arg(written) +
            QStringLiteral("\n\n") + problems.join(QLatin1Char('\n')));
    finish({});
    emit statusMessage(kept > 0 ? tr("Saved %1 policies into %2; %3 existing files kept.")
                                      .arg(written)
                                      .arg(into)
                                      .arg(kept)
                                : tr("Saved %1 policies into %2").arg(written).arg(into),
                       6000);
    return true;
}

void DocumentManager::open(const QStringList &paths)
{
    if (mBackgroundOpener && mBackgroundOpener(paths)) return;
    mDocument->load(paths);
    noteOpened(paths);
}

void DocumentManager::noteOpened(const QStringList &paths)
{
    for (const QString &p : paths)
        stamp(p);
    addRecent(paths);
}

bool DocumentManager::reload()
{
    if (mDocument->isModified() &&
        ask(tr("Reload"), tr("Discard your changes and reload from disk?"),
            QMessageBox::Yes | QMessageBox::No) != QMessageBox::Yes)
        return false;
    if (mBackgroundOpener && mBackgroundOpener(mDocument->paths())) return true;
    mDocument->reload();
    // What was just read is what netfence now knows: the next save must not call it changed.
    for (const QString &p : mDocument->paths())
        stamp(p);
    return true;
}

QList<QStringList> DocumentManager::recentFiles() const
{
    QList<QStringList> files;
    for (const QString &entry : QSettings().value(QStringLiteral("recent")).toStringList())
        files << entry.split(QLatin1Char('\n'));
    return files;
}

} // namespace netfence::ui
