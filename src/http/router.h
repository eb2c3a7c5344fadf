// Router: maps method + path to a handler.
//
// Patterns are absolute paths whose segments are literals or "{name}", e.g.
// "/api/v1/residents/{id}/merge". A literal matches the percent-decoded request
// segment exactly; "{name}" matches one non-empty segment and stores it,
// decoded, in Request::path_params (so "%2F" inside an id stays in the id).
// When several patterns match, the one with a literal in the first differing
// position wins ("/residents/search" over "/residents/{id}"). A trailing '/' in
// the request is ignored. HEAD is served by the GET handler.
//
// Add and SetFallback are for set-up; Dispatch is const and may run
// concurrently on many threads.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace yilian::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  // Registers h for method on pattern, replacing an earlier handler for the pair.
  void Add(std::string method, std::string pattern, Handler h);

  // Handler for GET and HEAD requests outside /api/ that match no pattern
  // (the web app's static files).
  void SetFallback(Handler h);

  // Runs the handler for r and returns its response: 404 JSON error when no
  // pattern matches, 405 with an Allow header when the path matches but the
  // method does not. An exception escaping a handler is logged and becomes a
  // 500 JSON error.
  Response Dispatch(Request& r) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param;
  };
  struct Route {
    std::string pattern;
    std::vector<Segment> segments;
    std::vector<std::pair<std::string, Handler>> methods;
    const Handler* Find(const std::string& method) const;
  };

  std::vector<Route> routes_;  // most specific first
  Handler fallback_;
};

}  // namespace yilian::http
