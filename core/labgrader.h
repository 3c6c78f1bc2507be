#pragma once

#include "core/evaluator.h"
#include "core/lab.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// One student's result on one step.
struct GradeCell
{
    enum class State
    {
        Pass,
        Fail,
        Missing, // one folder per step, and this step's folder is not there
        Error    // the student's manifests have errors the API server would refuse
    };
    State state = State::Missing;
    size_t passed = 0; // requirements met
    size_t total = 0;
    std::string detail; // the first failing requirement, or the first error

    static const char *stateName(State state); // "pass", "fail", "missing", "error"
};

struct StudentGrade
{
    std::string name;     // the folder's own name
    std::string folder;   // as given
    bool perStep = false; // graded from one sub-folder per step
    std::vector<GradeCell> steps;

    size_t passedSteps() const;
};

enum class GradeFormat
{
    Txt,
    Csv,
    Json,
    JUnit
};

// netfence-cli lab grade: every step of a lab for a class of students at once.
namespace LabGrader {

std::optional<GradeFormat> parseFormat(const std::string &name);

// A student's folder holds every policy they wrote (each step is checked with all of them),
// or one sub-folder per step named by its number or id ("1", "step-1", "close"), each holding
// every policy written up to that step, as `lab check` wants them.
StudentGrade grade(const Lab &lab, const std::string &folder, EvaluatorOptions options = {});

// The sub-folder of `folder` for step `index`, or "" when there is none.
std::string stepFolder(const Lab &lab, size_t index, const std::string &folder);

std::string write(GradeFormat format, const Lab &lab, const std::vector<StudentGrade> &students);

} // namespace LabGrader

} // namespace netfence::core
