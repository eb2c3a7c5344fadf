#include "report/report_writers.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace yilian::report {
namespace {

using nlohmann::json;

std::string CellText(const Cell& c) {
  if (!c.number) return c.text;
  return fmt::format("{:.{}f}", *c.number, c.decimals);
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Svg(const Chart& ch) {
  const int w = 720, h = 260, left = 50, bottom = 60, top = 20;
  double max = 0;
  for (double v : ch.values) max = std::max(max, v);
  if (ch.target) max = std::max(max, *ch.target);
  if (max <= 0) max = 1;
  max *= 1.1;
  const size_t n = ch.values.size();
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" class=\"chart\" "
      "role=\"img\" "
      "aria-label=\"{}\">",
      w, h, Escape(ch.title));
  auto y = [&](double v) { return top + (h - top - bottom) * (1 - v / max); };
  s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>", left,
                   h - bottom, w, h - bottom);
  for (int k = 0; k <= 4; ++k) {
    double v = max * k / 4;
    s += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{:.0f}</text>", left - 4,
        y(v) + 3, v);
  }
  double slot = n ? static_cast<double>(w - left - 10) / static_cast<double>(n) : 0;
  std::string path;
  for (size_t i = 0; i < n; ++i) {
    double cx = left + slot * (static_cast<double>(i) + 0.5);
    if (ch.kind == "bar") {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#2f6fb0\"/>",
          cx - slot * 0.35, y(ch.values[i]), slot * 0.7, (h - bottom) - y(ch.values[i]));
    } else {
      path += fmt::format("{}{:.1f},{:.1f} ", i ? "L" : "M", cx, y(ch.values[i]));
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#2f6fb0\"/>", cx,
                       y(ch.values[i]));
    }
    s += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 "
        "{:.1f} {})\">{}</text>",
        cx, h - bottom + 14, cx, h - bottom + 14, Escape(ch.labels[i]));
  }
  if (!path.empty())
    s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#2f6fb0\" stroke-width=\"2\"/>";
  if (ch.target) {
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#c0392b\" "
        "stroke-dasharray=\"4 3\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#c0392b\" text-anchor=\"end\">目标 "
        "{:.1f}</text>",
        left, y(*ch.target), w, y(*ch.target), w, y(*ch.target) - 3, *ch.target);
  }
  return s + "</svg>";
}

}  // namespace

json ReportToJson(const Report& r) {
  json sections = json::array();
  for (const auto& s : r.sections) {
    json tables = json::array();
    for (const auto& t : s.tables) {
      json rows = json::array();
      for (const auto& row : t.rows) {
        json cells = json::array();
        for (const auto& c : row) {
          if (c.number)
            cells.push_back({{"value", *c.number}, {"text", CellText(c)}, {"format", c.format}});
          else
            cells.push_back({{"value", nullptr}, {"text", c.text}});
        }
        rows.push_back(cells);
      }
      tables.push_back(
          {{"title", t.title}, {"headers", t.headers}, {"rows", rows}, {"note", t.note}});
    }
    json charts = json::array();
    for (const auto& c : s.charts) {
      charts.push_back({{"title", c.title},
                        {"kind", c.kind},
                        {"unit", c.unit},
                        {"labels", c.labels},
                        {"values", c.values},
                        {"target", c.target ? json(*c.target) : json(nullptr)}});
    }
    sections.push_back(
        {{"title", s.title}, {"paragraphs", s.paragraphs}, {"tables", tables}, {"charts", charts}});
  }
  return {{"kind", r.kind},         {"title", r.title},
          {"subtitle", r.subtitle}, {"org_unit_code", r.org_unit_code},
          {"period", r.period},     {"generated_at", r.generated_at},
          {"sections", sections}};
}

std::string ReportToHtml(const Report& r) {
  std::string h =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
      Escape(r.title) +
      "</title><style>"
      "body{font-family:'Noto Sans CJK SC','Microsoft "
      "YaHei',sans-serif;max-width:180mm;margin:10mm auto;"
      "color:#1a1a1a;line-height:1.7}"
      "h1{text-align:center;font-size:20pt;margin-bottom:0}.sub{text-align:center;color:#444}"
      "h2{font-size:14pt;border-bottom:1px solid #999}p{text-indent:2em;margin:.4em 0}"
      "table{border-collapse:collapse;width:100%;font-size:9pt;margin:.6em 0}"
      "th,td{border:1px solid #777;padding:2px 4px}th{background:#eef2f7}"
      "td{white-space:nowrap}td.n{text-align:right}td:first-child{min-width:4em}"
      "caption{font-weight:bold;margin-bottom:.3em}.note{font-size:9pt;color:#444}"
      "svg.chart{width:100%;height:auto;margin:.5em 0}"
      "@page{size:A4;margin:15mm}@media print{h2{break-after:avoid}table{break-inside:auto}}"
      "</style></head><body>";
  h += "<h1>" + Escape(r.title) + "</h1><p class=\"sub\">" + Escape(r.subtitle) + "</p>";
  for (const auto& s : r.sections) {
    h += "<h2>" + Escape(s.title) + "</h2>";
    for (const auto& p : s.paragraphs) h += "<p>" + Escape(p) + "</p>";
    for (const auto& t : s.tables) {
      h += "<table><caption>" + Escape(t.title) + "</caption><thead><tr>";
      for (const auto& hd : t.headers) h += "<th>" + Escape(hd) + "</th>";
      h += "</tr></thead><tbody>";
      for (const auto& row : t.rows) {
        h += "<tr>";
        for (const auto& c : row)
          h += std::string(c.number ? "<td class=\"n\">" : "<td>") + Escape(CellText(c)) + "</td>";
        h += "</tr>";
      }
      h += "</tbody></table>";
      if (!t.note.empty()) h += "<p class=\"note\">" + Escape(t.note) + "</p>";
    }
    for (const auto& c : s.charts)
      h += "<figure><figcaption>" + Escape(c.title) + "</figcaption>" + Svg(c) + "</figure>";
  }
  h += "<p class=\"note\">生成时间：" + Escape(r.generated_at) +
       "（数据截至生成时，实时统计）</p></body></html>";
  return h;
}

std::string ReportToCsv(const Report& r) {
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string out = "\xEF\xBB\xBF" + quote(r.title) + "," + quote(r.subtitle) + "\n";
  for (const auto& s : r.sections) {
    for (const auto& t : s.tables) {
      out += "\n" + quote(t.title) + "\n";
      for (size_t i = 0; i < t.headers.size(); ++i) out += (i ? "," : "") + quote(t.headers[i]);
      out += "\n";
      for (const auto& row : t.rows) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + quote(CellText(row[i]));
        out += "\n";
      }
    }
  }
  return out;
}

Result<std::string> ReportToXlsx(const Report& r, const std::string& tmpdir) {
  std::string path = fmt::format("{}/yilian-report-{}-{}.xlsx", tmpdir, ::getpid(),
                                 reinterpret_cast<uintptr_t>(&r));
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::IoError("cannot create " + path);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 16);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xEEF2F7);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* text = workbook_add_format(wb);
  format_set_border(text, LXW_BORDER_THIN);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* one = workbook_add_format(wb);
  format_set_num_format(one, "0.0");
  format_set_border(one, LXW_BORDER_THIN);
  lxw_format* whole = workbook_add_format(wb);
  format_set_num_format(whole, "#,##0");
  format_set_border(whole, LXW_BORDER_THIN);

  lxw_worksheet* ws = workbook_add_worksheet(wb, "通报");
  worksheet_set_column(ws, 0, 0, 22, nullptr);
  worksheet_set_column(ws, 1, 12, 13, nullptr);
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, r.title.c_str(), title);
  worksheet_write_string(ws, row++, 0, r.subtitle.c_str(), nullptr);
  ++row;
  int table_no = 0;
  for (const auto& s : r.sections) {
    worksheet_write_string(ws, row++, 0, s.title.c_str(), bold);
    for (const auto& p : s.paragraphs) {
      worksheet_merge_range(ws, row, 0, row, 11, p.c_str(), wrap);
      worksheet_set_row(ws, row, 15.0 * (1 + static_cast<double>(p.size()) / 150), nullptr);
      ++row;
    }
    for (const auto& t : s.tables) {
      ++table_no;
      worksheet_write_string(ws, row++, 0, t.title.c_str(), bold);
      for (size_t c = 0; c < t.headers.size(); ++c)
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), t.headers[c].c_str(), head);
      worksheet_set_row(ws, row, 30, nullptr);
      ++row;
      for (const auto& cells : t.rows) {
        for (size_t c = 0; c < cells.size(); ++c) {
          const Cell& cell = cells[c];
          auto col = static_cast<lxw_col_t>(c);
          if (cell.number) {
            worksheet_write_number(ws, row, col, *cell.number, cell.decimals == 0 ? whole : one);
          } else {
            worksheet_write_string(ws, row, col, cell.text.c_str(), text);
          }
        }
        ++row;
      }
      if (!t.note.empty()) worksheet_write_string(ws, row++, 0, t.note.c_str(), nullptr);
      ++row;
    }
  }
  // Each table on a sheet of its own too, for sorting and pasting.
  table_no = 0;
  for (const auto& s : r.sections) {
    for (const auto& t : s.tables) {
      std::string name = fmt::format("表{}", ++table_no);
      lxw_worksheet* sheet = workbook_add_worksheet(wb, name.c_str());
      worksheet_set_column(sheet, 0, 0, 22, nullptr);
      worksheet_set_column(sheet, 1, 12, 13, nullptr);
      worksheet_write_string(sheet, 0, 0, t.title.c_str(), bold);
      for (size_t c = 0; c < t.headers.size(); ++c)
        worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(c), t.headers[c].c_str(), head);
      lxw_row_t rr = 2;
      for (const auto& cells : t.rows) {
        for (size_t c = 0; c < cells.size(); ++c) {
          const Cell& cell = cells[c];
          if (cell.number) {
            worksheet_write_number(sheet, rr, static_cast<lxw_col_t>(c), *cell.number,
                                   cell.decimals == 0 ? whole : one);
          } else {
            worksheet_write_string(sheet, rr, static_cast<lxw_col_t>(c), cell.text.c_str(), text);
          }
        }
        ++rr;
      }
      worksheet_freeze_panes(sheet, 2, 1);
    }
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::remove(path.c_str());
    return Status::IoError(std::string("cannot write the workbook: ") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  return std::move(bytes).str();
}

}  // namespace yilian::report
