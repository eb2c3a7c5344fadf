// The demo county that `yilian serve --demo` creates on an empty database,
// so the README's first command shows a working platform at once.
#pragma once

#include "cli/database_setup.h"
#include "generate/generator.h"

namespace yilian::cli {

// Generates a county of `residents` residents if the database has no org
// units yet; prints progress and a summary. Does nothing otherwise.
Status EnsureDemoCounty(OpenedDatabase& opened, int64_t residents);

// Generates with progress on stderr and a summary on stdout.
Result<generate::Summary> GenerateWithProgress(OpenedDatabase& opened,
                                               const generate::Options& options);

}  // namespace yilian::cli
