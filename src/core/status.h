// Status and Result<T>: how every fallible operation in yilian reports failure.
//
// A Status is either OK or carries a Code, a human-readable message and, for
// validation failures, the list of fields at fault with the reason for each.
// The HTTP layer maps Code to a status code and renders the fields as
// {"error":{"code","message","fields":[{"field","reason"}]}}; the CLI prints
// them with the input line number. Functions never throw for bad input.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace yilian {

struct FieldError {
  std::string field;   // dotted path of the offending input field, e.g. "id_number"
  std::string reason;  // why it was refused, in plain words
  bool operator==(const FieldError&) const = default;
};

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,     // 400/422: the input is malformed or breaks a rule
    kNotFound,            // 404
    kConflict,            // 409: would break a uniqueness rule (e.g. one resident, one record)
    kPreconditionFailed,  // 412: stale version in an optimistic-concurrency update
    kUnauthenticated,     // 401
    kPermissionDenied,    // 403
    kTooManyRequests,     // 429
    kIoError,             // 500: storage or OS failure
    kInternal,            // 500: a bug
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string message, std::vector<FieldError> fields = {}) {
    return Status(Code::kInvalidArgument, std::move(message), std::move(fields));
  }
  static Status InvalidField(const std::string& field, const std::string& reason) {
    return Status(Code::kInvalidArgument, field + ": " + reason, {{field, reason}});
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status Conflict(std::string message, std::vector<FieldError> fields = {}) {
    return Status(Code::kConflict, std::move(message), std::move(fields));
  }
  static Status PreconditionFailed(std::string message) {
    return Status(Code::kPreconditionFailed, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(Code::kUnauthenticated, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(Code::kPermissionDenied, std::move(message));
  }
  static Status TooManyRequests(std::string message) {
    return Status(Code::kTooManyRequests, std::move(message));
  }
  static Status IoError(std::string message) { return Status(Code::kIoError, std::move(message)); }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  // Extra key/value facts for the client, e.g. {"existing_record_no", "1404…"} on a
  // duplicate ID number. Rendered inside the error object.
  const std::vector<std::pair<std::string, std::string>>& details() const { return details_; }
  Status& WithDetail(std::string key, std::string value) {
    details_.emplace_back(std::move(key), std::move(value));
    return *this;
  }

  // Short machine-readable name of the code ("invalid_argument", "conflict", ...).
  const char* CodeName() const;
  std::string ToString() const;

 private:
  Status(Code code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::vector<FieldError> fields_;
  std::vector<std::pair<std::string, std::string>> details_;
};

// Either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

// Collects field errors during validation, so every bad field is reported at once.
class FieldErrors {
 public:
  void Add(std::string field, std::string reason) {
    errors_.push_back({std::move(field), std::move(reason)});
  }
  bool empty() const { return errors_.empty(); }
  const std::vector<FieldError>& list() const { return errors_; }
  // OK when empty; otherwise kInvalidArgument naming every field.
  Status ToStatus(const std::string& what) const;

 private:
  std::vector<FieldError> errors_;
};

#define YILIAN_RETURN_IF_ERROR(expr) \
  do {                               \
    ::yilian::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

}  // namespace yilian
