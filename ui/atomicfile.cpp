#include "ui/atomicfile.h"

#include <QSaveFile>

namespace netfence::ui {

bool writeFileAtomically(const QString &file, const QByteArray &data, QString *error)
{
    QSaveFile out(file);
    // Unbuffered, so a short write (a full disk) shows here and not after the rename.
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error) *error = out.errorString();
        return false;
    }
    qint64 done = 0;
    while (done < data.size()) {
        const qint64 n = out.write(data.constData() + done, data.size() - done);
        if (n <= 0) {
            if (error)
                *error = out.errorString().isEmpty() ? QStringLiteral("the disk is full")
                                                     : out.errorString();
            out.cancelWriting();
            return false;
        }
        done += n;
    }
    if (!out.commit()) {
        if (error) *error = out.errorString();
        return false;
    }
    return true;
}

} // namespace netfence::ui
