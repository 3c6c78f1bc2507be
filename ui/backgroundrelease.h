#pragma once

#include <QThreadPool>

#include <memory>

namespace netfence::ui {

// Frees an object on a pool thread: the evaluator or the picture's model of 100,000 pods
// takes 10 to 100 ms to free, a stall the UI thread need not wait out. The object must not
// need anything the UI thread changes after it is handed over.
template <typename T> void releaseInBackground(std::shared_ptr<T> object)
{
    if (!object) return;
    QThreadPool::globalInstance()->start(
        [doomed = std::move(object)]() mutable { doomed.reset(); });
}

template <typename T> void releaseInBackground(std::unique_ptr<T> object)
{
    releaseInBackground(std::shared_ptr<T>(std::move(object)));
}

} // namespace netfence::ui
