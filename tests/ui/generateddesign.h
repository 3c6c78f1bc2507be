#pragma once

#include "core/clustergenerator.h"
#include "core/manifestloader.h"

namespace netfence::ui {

// A generated design big enough to open with its namespaces collapsed (400 workloads in 12
// namespaces, 60 policies), as a load result for Document::setContents.
inline core::LoadResult generatedCollapsedDesign()
{
    core::ClusterGenerator::Options options;
    options.workloads = 400;
    options.namespaces = 12;
    options.policies = 60;
    core::LoadResult generated;
    generated.cluster = core::ClusterGenerator::generate(options);
    return generated;
}

} // namespace netfence::ui
