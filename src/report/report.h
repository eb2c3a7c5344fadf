// A report as a document: a title, sections of sentences (in the style of the
// seed reports: "全县签约183131人，签约率66.2%，比去年同期提高…个百分点"), tables
// of figures and bar/line charts. Built by bulletin.h from the analytics;
// written as JSON, printable HTML, CSV or Excel by report_writers.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace yilian::report {

struct Cell {
  std::string text;              // shown when there is no number
  std::optional<double> number;  // the value, unrounded
  std::string format;            // "count", "rate" (a percentage value), "points", "change"
  int decimals = 0;
};

struct Table {
  std::string title;
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
  std::string note;
};

struct Chart {
  std::string title;
  std::string kind;  // "bar" or "line"
  std::string unit;
  std::vector<std::string> labels;
  std::vector<double> values;
  std::optional<double> target;  // a reference line
};

struct Section {
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
  std::vector<Chart> charts;
};

struct Report {
  std::string kind;   // "bulletin" or "annual"
  std::string title;  // "襄垣县基本公共卫生服务工作月通报"
  std::string subtitle;
  std::string org_unit_code;
  std::string period;
  std::string generated_at;
  std::vector<Section> sections;
};

}  // namespace yilian::report
