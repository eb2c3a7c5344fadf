// StaticSite: the built web app (web/dist) served by `yilian serve`.
//
// Every file under the root is read into memory once at start-up (a Vite
// build is a few MiB), so serving is a map lookup and a request can never
// name a file outside the root: only the paths found at start-up exist.
// Paths without a file extension that match no file get index.html, so the
// app's own routes (/residents/42) survive a reload. Hashed assets
// (assets/…) are cached for a year; index.html is revalidated each time.
// Responses carry an ETag and answer If-None-Match with 304.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace yilian::web {

class StaticSite {
 public:
  // Reads every regular file below `root`. Fails with kNotFound when `root`
  // has no index.html, kIoError when a file cannot be read.
  static Result<std::shared_ptr<const StaticSite>> Load(const std::string& root);

  // GET/HEAD of `r.path`: the file, index.html for an app route, or 404.
  http::Response Serve(const http::Request& r) const;

  size_t files() const { return files_.size(); }
  const std::string& root() const { return root_; }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  const File* Find(const std::string& path) const;

  std::string root_;
  std::map<std::string, File, std::less<>> files_;  // "/index.html", "/assets/x.js"
};

// The content type for a file name, by extension ("application/octet-stream"
// when unknown).
std::string ContentTypeFor(std::string_view name);

}  // namespace yilian::web
