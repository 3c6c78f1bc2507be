#include "core/labgrader.h"

#include "core/jsonwriter.h"
#include "core/junitwriter.h"
#include "core/labchecker.h"
#include "core/manifestloader.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace netfence::core {

const char *GradeCell::stateName(State state)
{
    switch (state) {
    case State::Pass:
        return "pass";
    case State::Fail:
        return "fail";
    case State::Missing:
        return "missing";
    case State::Error:
        return "error";
    }
    return "error";
}

size_t StudentGrade::passedSteps() const
{
    return static_cast<size_t>(std::count_if(steps.begin(), steps.end(), [](const GradeCell &c) {
        return c.state == GradeCell::State::Pass;
    }));
}

namespace {

bool isDirectory(const fs::path &p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::string folderName(const std::string &folder)
{
    fs::path p(folder);
    while (!p.empty() && p.filename().empty())
        p = p.parent_path();
    const std::string name = p.filename().string();
    return name.empty() ? folder : name;
}

GradeCell gradeStep(const Lab &lab, size_t index, const std::string &path, EvaluatorOptions options)
{
    GradeCell cell;
    ManifestLoader loader;
    lab.addManifests(loader, index, 0);
    loader.addPath(path);
    const LoadResult r = loader.finish();
    const std::string prefix = path + '/';
    for (const Diagnostic &d : r.diagnostics)
        if (d.severity == Severity::Error &&
            (d.location.file == path || d.location.file.starts_with(prefix))) {
            cell.state = GradeCell::State::Error;
            cell.detail = d.toString();
            break;
        }
    const StepResult result = LabChecker::check(lab.steps[index], r.cluster, options);
    cell.passed = result.passedCount();
    cell.total = result.requirements.size();
    if (cell.state == GradeCell::State::Error) return cell;
    cell.state = result.passed ? GradeCell::State::Pass : GradeCell::State::Fail;
    for (const RequirementResult &q : result.requirements)
        if (!q.passed) {
            cell.detail = q.text;
            break;
        }
    return cell;
}

// CSV field: quoted when it holds a separator, a quote or a line break; a leading = + - @
// is defused so a spreadsheet does not run a student's folder name as a formula.
std::string csvField(const std::string &text)
{
    std::string value = text;
    if (!value.empty() && std::string("=+-@\t\r").find(value.front()) != std::string::npos)
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

// A name printed in the text table: control characters shown, not obeyed by the terminal.
std::string shownName(const std::string &text)
{
    std::string out;
    for (unsigned char c : text)
        out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    return out;
}

std::string cellText(const GradeCell &c)
{
    switch (c.state) {
    case GradeCell::State::Pass:
        return "pass";
    case GradeCell::State::Fail:
        return "FAIL " + std::to_string(c.passed) + '/' + std::to_string(c.total);
    case GradeCell::State::Missing:
        return "-";
    case GradeCell::State::Error:
        return "ERROR";
    }
    return "?";
}

std::string writeTxt(const Lab &lab, const std::vector<StudentGrade> &students)
{
    std::string out = "Lab " + lab.id + ": " + lab.title + "\n";
    for (const StudentGrade &s : students) {
        out += "\n" + shownName(s.name) + ": " + std::to_string(s.passedSteps()) + " of " +
               std::to_string(s.steps.size()) + " steps pass" +
               (s.perStep ? " (one folder per step)" : "") + '\n';
        size_t width = 0;
        for (const LabStep &step : lab.steps)
            width = std::max(width, step.id.size());
        for (size_t i = 0; i < s.steps.size(); ++i) {
            const GradeCell &c = s.steps[i];
            std::string line = "  " + std::to_string(i + 1) + ". " + lab.steps[i].id;
            line += std::string(width - lab.steps[i].id.size() + 2, ' ');
            line += cellText(c);
            if (!c.detail.empty()) line += "  " + shownName(c.detail);
            out += line + '\n';
        }
    }
    size_t complete = 0;
    for (const StudentGrade &s : students)
        complete += s.passedSteps() == s.steps.size() ? 1 : 0;
    out += "\n" + std::to_string(complete) + " of " + std::to_string(students.size()) +
           " students pass every step.\n";
    return out;
}

std::string writeCsv(const Lab &lab, const std::vector<StudentGrade> &students)
{
    std::string out = "student,step,id,result,passed,total,detail\n";
    for (const StudentGrade &s : students)
        for (size_t i = 0; i < s.steps.size(); ++i) {
            const GradeCell &c = s.steps[i];
            out += csvField(s.name) + ',' + std::to_string(i + 1) + ',' + lab.steps[i].id + ',' +
                   GradeCell::stateName(c.state) + ',' + std::to_string(c.passed) + ',' +
                   std::to_string(c.total) + ',' + csvField(c.detail) + '\n';
        }
    return out;
}

std::string writeJson(const Lab &lab, const std::vector<StudentGrade> &students)
{
    JsonWriter w;
    w.beginObject();
    w.key("lab");
    w.value(lab.id);
    w.key("title");
    w.value(lab.title);
    w.key("students");
    w.beginArray();
    for (const StudentGrade &s : students) {
        w.beginObject();
        w.key("name");
        w.value(s.name);
        w.key("folder");
        w.value(s.folder);
        w.key("perStep");
        w.value(s.perStep);
        w.key("passedSteps");
        w.value(s.passedSteps());
        w.key("steps");
        w.beginArray();
        for (size_t i = 0; i < s.steps.size(); ++i) {
            const GradeCell &c = s.steps[i];
            w.beginObject();
            w.key("step");
            w.value(i + 1);
            w.key("id");
            w.value(lab.steps[i].id);
            w.key("result");
            w.value(GradeCell::stateName(c.state));
            w.key("passed");
            w.value(c.passed);
            w.key("total");
            w.value(c.total);
            w.key("detail");
            w.value(c.detail);
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.text() + '\n';
}

std::string writeJUnit(const Lab &lab, const std::vector<StudentGrade> &students)
{
    size_t tests = 0, failures = 0, errors = 0;
    for (const StudentGrade &s : students)
        for (const GradeCell &c : s.steps) {
            ++tests;
            failures += c.state == GradeCell::State::Fail || c.state == GradeCell::State::Missing;
            errors += c.state == GradeCell::State::Error;
        }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
                      JUnitWriter::escape(lab.id) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
                      std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\">\n";
    for (const StudentGrade &s : students) {
        size_t f = 0, e = 0;
        for (const GradeCell &c : s.steps) {
            f += c.state == GradeCell::State::Fail || c.state == GradeCell::State::Missing;
            e += c.state == GradeCell::State::Error;
        }
        out += "  <testsuite name=\"" + JUnitWriter::escape(s.name) + "\" tests=\"" +
               std::to_string(s.steps.size()) + "\" failures=\"" + std::to_string(f) +
               "\" errors=\"" + std::to_string(e) + "\">\n";
        for (size_t i = 0; i < s.steps.size(); ++i) {
            const GradeCell &c = s.steps[i];
            out += "    <testcase classname=\"" + JUnitWriter::escape(lab.id + '.' + s.name) + "\" name=\"" +
                   std::to_string(i + 1) + ' ' + JUnitWriter::escape(lab.steps[i].id) + "\"";
            switch (c.state) {
            case GradeCell::State::Pass:
                out += "/>\n";
                continue;
            case GradeCell::State::Fail:
                out += ">\n      <failure message=\"" +
                       JUnitWriter::escape(std::to_string(c.passed) + " of " + std::to_string(c.total) +
                           " requirements pass") +
                       "\">" + JUnitWriter::escape(c.detail) + "</failure>\n";
                break;
            case GradeCell::State::Missing:
                out += ">\n      <failure message=\"no folder for this step\"/>\n";
                break;
            case GradeCell::State::Error:
                out += ">\n      <error message=\"the manifests have errors\">" + JUnitWriter::escape(c.detail) +
                       "</error>\n";
                break;
            }
            out += "    </testcase>\n";
        }
        out += "  </testsuite>\n";
    }
    return out + "</testsuites>\n";
}

} // namespace

std::optional<GradeFormat> LabGrader::parseFormat(const std::string &name)
{
    if (name == "txt") return GradeFormat::Txt;
    if (name == "csv") return GradeFormat::Csv;
    if (name == "json") return GradeFormat::Json;
    if (name == "junit") return GradeFormat::JUnit;
    return std::nullopt;
}

std::string LabGrader::stepFolder(const Lab &lab, size_t index, const std::string &folder)
{
    const std::string number = std::to_string(index + 1);
    const std::string padded = index + 1 < 10 ? '0' + number : number;
    for (const std::string &name : {lab.steps[index].id, number, padded, "step" + number,
                                    "step-" + number, "step" + padded, "step-" + padded}) {
        const fs::path p = fs::path(folder) / name;
        if (isDirectory(p)) return p.string();
    }
    return {};
}

StudentGrade LabGrader::grade(const Lab &lab, const std::string &folder, EvaluatorOptions options)
{
    StudentGrade out;
    out.folder = folder;
    out.name = folderName(folder);
    for (size_t i = 0; i < lab.steps.size() && !out.perStep; ++i)
        out.perStep = !stepFolder(lab, i, folder).empty();
    for (size_t i = 0; i < lab.steps.size(); ++i) {
        if (!out.perStep) {
            out.steps.push_back(gradeStep(lab, i, folder, options));
            continue;
        }
        const std::string sub = stepFolder(lab, i, folder);
        out.steps.push_back(sub.empty() ? GradeCell{} : gradeStep(lab, i, sub, options));
    }
    return out;
}

std::string LabGrader::write(GradeFormat format, const Lab &lab,
                             const std::vector<StudentGrade> &students)
{
    switch (format) {
    case GradeFormat::Txt:
        return writeTxt(lab, students);
    case GradeFormat::Csv:
        return writeCsv(lab, students);
    case GradeFormat::Json:
        return writeJson(lab, students);
    case GradeFormat::JUnit:
        return writeJUnit(lab, students);
    }
    return {};
}

} // namespace netfence::core
