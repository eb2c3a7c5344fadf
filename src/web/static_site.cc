#include "web/static_site.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "http/json_response.h"

namespace yilian::web {
namespace fs = std::filesystem;

std::string ContentTypeFor(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = kTypes.find(name.substr(dot));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Result<std::shared_ptr<const StaticSite>> StaticSite::Load(const std::string& root) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(root) / "index.html", ec)) {
    return Status::NotFound("no index.html in " + root +
                            " (build the web app: cd web && npm run build)");
  }
  auto site = std::shared_ptr<StaticSite>(new StaticSite());
  site->root_ = root;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in && !in.eof()) return Status::IoError("cannot read " + it->path().string());
    File f;
    f.body = std::move(body).str();
    f.content_type = ContentTypeFor(it->path().filename().string());
    f.etag = fmt::format("\"{:x}-{:x}\"", std::hash<std::string>{}(f.body), f.body.size());
    std::string rel = "/" + fs::relative(it->path(), root).generic_string();
    site->files_.emplace(std::move(rel), std::move(f));
  }
  if (ec) return Status::IoError("cannot list " + root + ": " + ec.message());
  return std::shared_ptr<const StaticSite>(std::move(site));
}

const StaticSite::File* StaticSite::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

http::Response StaticSite::Serve(const http::Request& r) const {
  std::string path = r.path.empty() || r.path == "/" ? "/index.html" : r.path;
  const File* f = Find(path);
  if (!f) {
    // An app route (no extension in the last segment) gets the app itself.
    std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos) {
      return http::Error(Status::NotFound("no file at " + r.path));
    }
    path = "/index.html";
    f = Find(path);
  }
  http::Response resp;
  resp.headers.emplace_back("ETag", f->etag);
  bool hashed = path.rfind("/assets/", 0) == 0;
  resp.headers.emplace_back("Cache-Control",
                            hashed ? "public, max-age=31536000, immutable" : "no-cache");
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (path == "/index.html") {
    // The app talks only to its own origin.
    resp.headers.emplace_back("Content-Security-Policy",
                              "default-src 'self'; img-src 'self' data:; style-src 'self' "
                              "'unsafe-inline'; frame-ancestors 'none'");
    resp.headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (auto inm = r.Header("if-none-match"); inm && *inm == f->etag) {
    resp.status = 304;
    resp.content_type.clear();
    return resp;
  }
  resp.status = 200;
  resp.content_type = f->content_type;
  resp.body = f->body;
  return resp;
}

}  // namespace yilian::web
