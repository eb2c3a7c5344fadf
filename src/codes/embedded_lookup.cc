#include "core/embedded_data.h"

namespace yilian {

std::optional<std::string_view> FindEmbeddedFile(std::string_view path) {
  for (const auto& f : EmbeddedFiles()) {
    if (f.path == path) return f.content;
  }
  return std::nullopt;
}

}  // namespace yilian
