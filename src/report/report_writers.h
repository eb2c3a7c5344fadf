// Writing a Report: JSON (the document as data), printable HTML (A4, charts
// as inline SVG, no scripts), CSV (each table, UTF-8 with a BOM for Excel) and
// Excel (.xlsx through libxlsxwriter: a summary sheet with the sentences and
// every table, Chinese headers, number formats 0.0 and #,##0).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "report/report.h"

namespace yilian::report {

nlohmann::json ReportToJson(const Report& r);
std::string ReportToHtml(const Report& r);
std::string ReportToCsv(const Report& r);
// The .xlsx file's bytes (written through a temporary file in `tmpdir`).
Result<std::string> ReportToXlsx(const Report& r, const std::string& tmpdir = "/tmp");

}  // namespace yilian::report
