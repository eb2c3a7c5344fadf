// JSON responses and request bodies in the API's one format.
//
// Errors render as
//   {"error":{"code":"invalid_argument","message":"…",
//             "fields":[{"field":"id_number","reason":"…"}], <detail>:"…", …}}
// with "fields" omitted when empty. Every string is dumped with invalid UTF-8
// replaced by U+FFFD, so echoing client input back can never throw.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "http/message.h"

namespace yilian::http {

// The HTTP status for a non-OK code: 400 invalid_argument, 401, 403, 404, 409,
// 412, 429, 500 for io_error and internal (and for an OK status, which is a bug).
int HttpStatus(Status::Code code);

// Serializes j (invalid UTF-8 replaced) with the JSON content type.
Response Json(int status, const nlohmann::json& j);

// A body already written as JSON text (by a JsonWriter), with the JSON content type.
Response JsonText(int status, std::string body);

// The error response for a non-OK status, as above.
Response Error(const Status& status);

// An error with a code of its own, for failures that no Status code names
// (405 "method_not_allowed", 413 "payload_too_large", ...).
Response Error(int http_status, std::string_view code, std::string_view message);

// The request body as a JSON object. Fails with kInvalidArgument naming field
// "body" when the body is empty, its Content-Type is not application/json
// (or *+json), it is not valid JSON (including invalid UTF-8), it nests deeper
// than 64 levels, or its top level is not an object.
Result<nlohmann::json> ParseJsonBody(const Request& request);

}  // namespace yilian::http
