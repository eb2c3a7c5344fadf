// Definition files compiled into the binary (see cmake/embed_files.cmake).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace yilian {

struct EmbeddedFile {
  std::string_view path;     // relative to data/, e.g. "codesets/sex.json"
  std::string_view content;  // the file's bytes
};

const std::vector<EmbeddedFile>& EmbeddedFiles();

// The content of data/<path>, or nullopt when no such file was embedded.
std::optional<std::string_view> FindEmbeddedFile(std::string_view path);

}  // namespace yilian
