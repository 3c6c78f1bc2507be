// GUI figures of docs/performance.md: open to first picture, and edit to repainted edges, on a
// generated cluster of 1,000 workloads. Prints its figures; not a test (timings never are).
//   netfence_gui_bench [WORKLOADS] [NAMESPACES] [POLICIES]
#include "core/clustergenerator.h"
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/graphview.h"
#include "ui/mainwindow.h"
#include "ui/nodeitem.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace netfence;

namespace {

// Paints what the window shows now, as the screen would get it.
void paintView(ui::MainWindow &window)
{
    QImage image(window.view()->viewport()->size(), QImage::Format_ARGB32);
    QPainter painter(&image);
    window.view()->render(&painter);
}

long long allowedPairs(const core::Evaluator &ev)
{
    long long pairs = 0;
    for (size_t c = 0; c < ev.classCount(); ++c)
        for (const auto &[d, id] : ev.allowedFrom(c)) {
            const auto a = static_cast<long long>(ev.workloadsOf(c).size()), b = static_cast<long long>(ev.workloadsOf(d).size());
            pairs += c == d ? a * (a - 1) : a * b;
        }
    return pairs;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir state;
    qputenv("NETFENCE_STATE_DIR", state.path().toUtf8());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("netfence-bench"));
    core::ClusterGenerator::Options options;
    options.workloads = argc > 1 ? std::atoi(argv[1]) : 1000;
    options.namespaces = argc > 2 ? std::atoi(argv[2]) : 50;
    options.policies = argc > 3 ? std::atoi(argv[3]) : 150;
    QTemporaryDir dir;
    const std::string err = core::ClusterGenerator::write(core::ClusterGenerator::generate(options), dir.path().toStdString());
    if (!err.empty()) {
        std::fprintf(stderr, "generate: %s\n", err.c_str());
        return 1;
    }

    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QElapsedTimer timer;
    timer.start();
    window.openPaths({dir.path()});
    window.scene()->waitForLayout();
    QApplication::processEvents();
    paintView(window);
    const double open = timer.nsecsElapsed() / 1e9;

    ui::Document *d = window.document();
    const long long pairs = allowedPairs(d->evaluator());
    std::printf("cluster: %zu workloads, %zu namespaces, %zu policies, %lld allowed pairs, %zu edges drawn\n",
                d->cluster().workloads.size(), d->cluster().namespaces.size(), d->cluster().policies.size(), pairs,
                window.scene()->edgeLayer()->edges().size());
    std::printf("open to first picture: %.3f s (target 3 s, ratio %.2f)\n", open, open / 3.0);

    // Edits: widen or narrow one allow policy's podSelector, as a user would in the editor;
    // first as the window opened (collapsed above 300 workloads), then fully expanded.
    std::mt19937 rng(7);
    for (const bool expanded : {false, true}) {
        if (expanded) {
            window.scene()->setAllCollapsed(false);
            window.view()->fitAll();
        }
        std::vector<double> times;
        double modelAndScene = 0; // evaluation and scene update, without the painting
        for (int i = 0; i < 30; ++i) {
            std::vector<core::NetworkPolicy> policies = d->cluster().policies;
            std::vector<size_t> candidates;
            for (size_t p = 0; p < policies.size(); ++p)
                candidates.push_back(p);
            if (candidates.empty())
                break;
            // Narrow a policy to no pod at all, or widen it back.
            core::NetworkPolicy &p = policies[candidates[rng() % candidates.size()]];
            if (p.podSelector.matchLabels.count("bench"))
                p.podSelector.matchLabels.erase("bench");
            else
                p.podSelector.matchLabels["bench"] = "edit";
            timer.restart();
            d->changePolicies(QStringLiteral("bench edit"), std::move(policies));
            QApplication::processEvents();
            modelAndScene += timer.nsecsElapsed() / 1e6;
            paintView(window);
            times.push_back(timer.nsecsElapsed() / 1e6);
        }
        if (times.empty()) {
            std::printf("no policy to edit\n");
            return 1;
        }
        std::sort(times.begin(), times.end());
        double mean = 0;
        for (double t : times)
            mean += t / double(times.size());
        std::printf("edit to repainted edges (%s, %zu arrows, %lld allowed pairs): mean %.1f ms, median %.1f ms, "
                    "worst %.1f ms of %zu edits (target 50 ms, ratio %.2f)\n",
                    expanded ? "every namespace expanded" : "as opened", window.scene()->edgeLayer()->edges().size(),
                    allowedPairs(d->evaluator()), mean, times[times.size() / 2], times.back(), times.size(),
                    times.back() / 50.0);
        std::printf("  of which evaluation and scene update: mean %.1f ms\n", modelAndScene / double(times.size()));
    }
    return 0;
}
