// `yilian user …`: accounts managed on the server itself (the first
// administrator's scope, scripted set-up, a forgotten administrator
// password). Runs as the local operator; every change is audited as such.
#include <unistd.h>

#include <iomanip>
#include <iostream>

#include "auth/role.h"
#include "auth/user_registry.h"
#include "cli/commands.h"
#include "cli/database_setup.h"

namespace yilian::cli {
namespace {

struct UserArgs {
  std::string db = "var/yilian.db";
  std::string roles;
  std::string username;
  std::string display_name;
  std::string role;
  int64_t practitioner = 0;
  std::vector<std::string> view_scope;
  std::vector<std::string> capture_scope;
  std::string status;
  bool password_stdin = false;
  bool must_change = false;
};

audit::Actor LocalActor() {
  const char* who = getenv("USER");
  return audit::Actor{std::nullopt, std::string("cli:") + (who ? who : "operator"), "local",
                      "local", 0};
}

std::string ReadPasswordLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Opens the database and the registry, runs fn, prints errors.
void WithUsers(const UserArgs& a,
               const std::function<Status(auth::UserRegistry&, const auth::RoleCatalog&)>& fn) {
  auto roles = auth::RoleCatalog::Load(a.roles);
  if (!roles.ok()) {
    PrintError(roles.status());
    ExitCode() = 2;
    return;
  }
  auto opened = OpenAndMigrate(a.db);
  if (!opened.ok()) {
    PrintError(opened.status());
    ExitCode() = 1;
    return;
  }
  auth::CredentialCache cache;
  auth::UserRegistry users(*opened->db, *roles, *opened->org_units, cache);
  Status s = fn(users, *roles);
  if (!s.ok()) {
    PrintError(s);
    ExitCode() = s.code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
}

void PrintUser(const auth::User& u) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s.empty() ? "-" : s;
  };
  std::cout << std::left << std::setw(20) << u.username << " " << std::setw(16) << u.role << " "
            << std::setw(9) << u.status << " view " << join(u.view_scope) << "  capture "
            << join(u.capture_scope) << "\n";
}

}  // namespace

void AddUserCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("user", "manage user accounts, roles and scopes");
  cmd->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();
  auto common = [a](CLI::App* sub) {
    sub->add_option("--db", a->db, "SQLite file or postgresql:// URI")->capture_default_str();
    sub->add_option("--roles", a->roles, "a roles file replacing the built-in roles");
  };
  auto scopes = [a](CLI::App* sub) {
    sub->add_option("--view-scope", a->view_scope, "org unit codes the user may read")
        ->delimiter(',');
    sub->add_option("--capture-scope", a->capture_scope,
                    "org unit codes the user may write (default: the view scope)")
        ->delimiter(',');
  };

  CLI::App* create = cmd->add_subcommand("create", "create a user");
  common(create);
  scopes(create);
  create->add_option("--username", a->username, "login name")->required();
  create->add_option("--role", a->role, "role code (see data/security/roles.json)")->required();
  create->add_option("--display-name", a->display_name, "name shown in the app");
  create->add_option(
      "--practitioner", a->practitioner,
      "practitioner id (a village doctor's scope defaults to their team's villages)");
  create->add_flag("--password-stdin", a->password_stdin,
                   "read the password from standard input (default: a one-time password)");
  create->callback([a] {
    WithUsers(*a, [&](auth::UserRegistry& users, const auth::RoleCatalog&) {
      auth::User u;
      u.username = a->username;
      u.display_name = a->display_name;
      u.role = a->role;
      if (a->practitioner) u.practitioner_id = a->practitioner;
      u.view_scope = a->view_scope;
      u.capture_scope = a->capture_scope;
      std::string password = a->password_stdin ? ReadPasswordLine() : "";
      if (a->password_stdin && password.empty()) {
        return Status::InvalidField("password", "standard input was empty");
      }
      auto created = users.Create(u, password, LocalActor());
      if (!created.ok()) return created.status();
      std::cout << "created user " << created->user.id << ": ";
      PrintUser(created->user);
      if (!created->one_time_password.empty()) {
        std::cout << "one-time password: " << created->one_time_password
                  << " (to be changed at first login)\n";
      }
      return Status::Ok();
    });
  });

  CLI::App* list = cmd->add_subcommand("list", "list users");
  common(list);
  list->callback([a] {
    WithUsers(*a, [&](auth::UserRegistry& users, const auth::RoleCatalog&) {
      bool more = true;
      for (int64_t page = 1; more; ++page) {
        auto got = users.List(page, 200, &more);
        if (!got.ok()) return got.status();
        for (const auto& u : *got) PrintUser(u);
      }
      return Status::Ok();
    });
  });

  CLI::App* update = cmd->add_subcommand("update", "change a user's role, scopes or status");
  common(update);
  scopes(update);
  update->add_option("username", a->username, "login name")->required();
  update->add_option("--role", a->role, "new role code");
  update->add_option("--display-name", a->display_name, "new display name");
  update->add_option("--status", a->status, "active or disabled");
  update->callback([a] {
    WithUsers(*a, [&](auth::UserRegistry& users, const auth::RoleCatalog&) {
      auto u = users.GetByUsername(a->username);
      if (!u.ok()) return u.status();
      nlohmann::json patch = nlohmann::json::object();
      if (!a->role.empty()) patch["role"] = a->role;
      if (!a->display_name.empty()) patch["display_name"] = a->display_name;
      if (!a->status.empty()) patch["status"] = a->status;
      if (!a->view_scope.empty()) patch["view_scope"] = a->view_scope;
      if (!a->capture_scope.empty()) patch["capture_scope"] = a->capture_scope;
      if (patch.empty()) return Status::Invalid("nothing to change: give --role, --status, …");
      auto updated = users.Update(u->id, patch, u->version, LocalActor());
      if (!updated.ok()) return updated.status();
      std::cout << "updated: ";
      PrintUser(*updated);
      return Status::Ok();
    });
  });

  CLI::App* reset = cmd->add_subcommand("reset-password", "issue a one-time password");
  common(reset);
  reset->add_option("username", a->username, "login name")->required();
  reset->callback([a] {
    WithUsers(*a, [&](auth::UserRegistry& users, const auth::RoleCatalog&) {
      auto u = users.GetByUsername(a->username);
      if (!u.ok()) return u.status();
      auto pw = users.ResetPassword(u->id, LocalActor());
      if (!pw.ok()) return pw.status();
      std::cout << "one-time password for " << u->username << ": " << *pw
                << " (to be changed at next login; other sessions ended)\n";
      return Status::Ok();
    });
  });

  CLI::App* set = cmd->add_subcommand("set-password", "set a password read from standard input");
  common(set);
  set->add_option("username", a->username, "login name")->required();
  set->add_flag("--must-change", a->must_change, "require a change at next login");
  set->callback([a] {
    WithUsers(*a, [&](auth::UserRegistry& users, const auth::RoleCatalog&) {
      auto u = users.GetByUsername(a->username);
      if (!u.ok()) return u.status();
      std::string password = ReadPasswordLine();
      YILIAN_RETURN_IF_ERROR(users.SetPassword(u->id, password, a->must_change, LocalActor()));
      std::cout << "password set for " << u->username << "\n";
      return Status::Ok();
    });
  });
}

}  // namespace yilian::cli
