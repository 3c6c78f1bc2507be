#pragma once

#include "core/evaluator.h"
#include "core/lab.h"
#include "core/mistakedetector.h"

#include <vector>

namespace netfence::core {

// The mistakes of a rule's peer list, the heart of "AND vs OR": a namespace-only and a
// pod-only peer (ORed) where one peer with both selectors was meant, the reverse, and
// `namespaceSelector: {}` where one namespace was meant. Each hint names the peer at fault.
namespace PeerMistakes {

// OredPeers and AnyNamespace look at the step's must-deny requirements that are allowed,
// AndedPeers at its must-allow requirements that are denied.
std::vector<MistakeHint> find(const Evaluator &evaluator, const LabStep &step, MistakeKind kind);

} // namespace PeerMistakes

} // namespace netfence::core
