#pragma once

#include <QByteArray>
#include <QString>

namespace netfence::ui {

// Replaces `file` with `data` all at once, or not at all: the data goes to a temporary file
// that is renamed over the old one only when every byte was written. On failure the old file
// is untouched and `error` says why.
bool writeFileAtomically(const QString &file, const QByteArray &data, QString *error = nullptr);

} // namespace netfence::ui
