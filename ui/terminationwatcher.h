#pragma once

#include <QObject>

class QSocketNotifier;

namespace netfence::ui {

// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal that the event loop delivers (through a
// self-pipe: the handler itself only writes one byte), so that a netfence ended by a logout
// or `kill` leaves like a closed one. A second signal before the first was answered ends the
// process the default way. One per process; the handlers go with it.
class TerminationWatcher : public QObject
{
    Q_OBJECT

public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

    // The signal delivered so far, 0 when none: a signal answered inside a nested event loop
    // (a dialog before the main loop ran) ends that loop, not the program.
    int received() const { return mReceived; }

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *mNotifier = nullptr;
    int mReceived = 0;
};

} // namespace netfence::ui
