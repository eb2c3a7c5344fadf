// The accounts `yilian serve` makes itself: the first administrator of a
// fresh database (with a one-time password, printed once) and, for the demo
// county, one account per role (printed at every start, with the demo
// password, so the README's first command leads straight to a login).
#pragma once

#include <ostream>

#include "auth/user_registry.h"
#include "cli/database_setup.h"

namespace yilian::cli {

// Creates user "admin" (role admin, scoped to the whole stored tree) when the
// database has no users; prints its one-time password to `out`.
Status EnsureAdministrator(OpenedDatabase& opened, auth::UserRegistry& users, std::ostream& out);

// The demo password of every demo account.
inline constexpr const char* kDemoPassword = "Demo#County2026";

// Creates the demo accounts that are missing (one per role, scoped as that
// role would be in the demo county) and prints every demo login.
Status EnsureDemoUsers(OpenedDatabase& opened, auth::UserRegistry& users, std::ostream& out);

}  // namespace yilian::cli
