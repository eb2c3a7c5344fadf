#include "core/status.h"

namespace yilian {

const char* Status::CodeName() const {
  switch (code_) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidArgument:
      return "invalid_argument";
    case Code::kNotFound:
      return "not_found";
    case Code::kConflict:
      return "conflict";
    case Code::kPreconditionFailed:
      return "precondition_failed";
    case Code::kUnauthenticated:
      return "unauthenticated";
    case Code::kPermissionDenied:
      return "permission_denied";
    case Code::kTooManyRequests:
      return "too_many_requests";
    case Code::kIoError:
      return "io_error";
    case Code::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = std::string(CodeName()) + ": " + message_;
  for (const auto& f : fields_) {
    if (message_.find(f.field + ": ") == 0 && fields_.size() == 1) break;
    s += "; " + f.field + ": " + f.reason;
  }
  return s;
}

Status FieldErrors::ToStatus(const std::string& what) const {
  if (errors_.empty()) return Status::Ok();
  std::string msg = what + " is invalid: ";
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i) msg += "; ";
    msg += errors_[i].field + " " + errors_[i].reason;
  }
  return Status::Invalid(msg, errors_);
}

}  // namespace yilian
