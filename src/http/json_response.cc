#include "http/json_response.h"

#include <string>
#include <string_view>

namespace yilian::http {
namespace {

// Deep nesting is refused before parsing: handlers and dump() recurse, and no
// resource of ours nests more than a few levels.
constexpr int kMaxJsonDepth = 64;

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool ExceedsDepth(std::string_view s, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// True for "application/json" and "application/<x>+json", with any parameters.
bool IsJsonContentType(std::string_view ct) {
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t')) ct.remove_suffix(1);
  while (!ct.empty() && (ct.front() == ' ' || ct.front() == '\t')) ct.remove_prefix(1);
  std::string lower(ct);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (lower == "application/json") return true;
  return lower.starts_with("application/") && lower.ends_with("+json");
}

Status BodyError(const std::string& reason) { return Status::InvalidField("body", reason); }

}  // namespace

int HttpStatus(Status::Code code) {
  switch (code) {
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kConflict:
      return 409;
    case Status::Code::kPreconditionFailed:
      return 412;
    case Status::Code::kUnauthenticated:
      return 401;
    case Status::Code::kPermissionDenied:
      return 403;
    case Status::Code::kTooManyRequests:
      return 429;
    case Status::Code::kOk:
    case Status::Code::kIoError:
    case Status::Code::kInternal:
      return 500;
  }
  return 500;
}

Response Json(int status, const nlohmann::json& j) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response JsonText(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Error(const Status& status) {
  // ordered_json keeps "code", "message", "fields" first, as documented.
  nlohmann::ordered_json err;
  err["code"] = status.ok() ? "internal" : status.CodeName();
  err["message"] = status.ok() ? std::string("error reported with an OK status") : status.message();
  if (!status.fields().empty()) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const FieldError& f : status.fields()) {
      fields.push_back({{"field", f.field}, {"reason", f.reason}});
    }
    err["fields"] = std::move(fields);
  }
  for (const auto& [key, value] : status.details()) {
    if (key == "code" || key == "message" || key == "fields") continue;  // never shadow these
    err[key] = value;
  }
  Response r;
  r.status = HttpStatus(status.code());
  nlohmann::ordered_json doc;
  doc["error"] = std::move(err);
  r.body = Dump(doc);
  return r;
}

Response Error(int http_status, std::string_view code, std::string_view message) {
  nlohmann::ordered_json doc;
  doc["error"]["code"] = code;
  doc["error"]["message"] = message;
  Response r;
  r.status = http_status;
  r.body = Dump(doc);
  return r;
}

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  if (request.body.empty()) return BodyError("is empty; expected a JSON object");
  auto ct = request.headers.find("content-type");
  if (ct == request.headers.end() || !IsJsonContentType(ct->second)) {
    return BodyError("must be sent with Content-Type: application/json");
  }
  if (ExceedsDepth(request.body, kMaxJsonDepth)) {
    return BodyError("nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& e) {
    return BodyError("is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  if (!j.is_object()) return BodyError("must be a JSON object");
  return j;
}

}  // namespace yilian::http
