#include "ui/terminationwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace netfence::ui {

namespace {

constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};
int sPipe[2] = {-1, -1};
volatile sig_atomic_t sPending = 0;

// Only async-signal-safe calls here.
void onSignal(int signalNumber)
{
    if (sPending) {
        struct sigaction fallback = {};
        fallback.sa_handler = SIG_DFL;
        sigaction(signalNumber, &fallback, nullptr);
        raise(signalNumber); // delivered when this handler returns
        return;
    }
    sPending = signalNumber;
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t written = write(sPipe[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

TerminationWatcher::TerminationWatcher(QObject *parent) : QObject(parent)
{
    if (sPipe[0] != -1) {
        qWarning("netfence: a second TerminationWatcher is ignored");
        return;
    }
    if (pipe2(sPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qWarning("netfence: no pipe for signals: %s", strerror(errno));
        sPipe[0] = sPipe[1] = -1;
        return;
    }
    sPending = 0;
    mNotifier = new QSocketNotifier(sPipe[0], QSocketNotifier::Read, this);
    connect(mNotifier, &QSocketNotifier::activated, this, [this] {
        unsigned char byte = 0;
        while (read(sPipe[0], &byte, 1) == 1) {
            mReceived = byte;
            emit terminationRequested(byte);
        }
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int s : kSignals)
        sigaction(s, &action, nullptr);
}

TerminationWatcher::~TerminationWatcher()
{
    if (!mNotifier) return;
    struct sigaction fallback = {};
    fallback.sa_handler = SIG_DFL;
    for (int s : kSignals)
        sigaction(s, &fallback, nullptr);
    delete mNotifier;
    close(sPipe[0]);
    close(sPipe[1]);
    sPipe[0] = sPipe[1] = -1;
}

} // namespace netfence::ui
