#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/api_context.h"
#include "api/routes.h"
#include "audit/read_journal.h"
#include "catalogue/service_catalogue.h"
#include "cli/commands.h"
#include "cli/database_setup.h"
#include "cli/demo_county.h"
#include "cli/first_users.h"
#include "contract/contract_registry.h"
#include "followup/followup_rules.h"
#include "http/server.h"
#include "live/live_state.h"
#include "program/enrolment_registry.h"
#include "service/service_registry.h"
#include "web/static_site.h"
#include "workpoint/fund_run.h"

namespace yilian::cli {
namespace {

struct ServeOptions {
  std::string db = "var/yilian.db";
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  bool demo = false;
  int64_t demo_residents = 60000;
  size_t max_body_mb = 8;
  std::string roles;
  std::string tls_cert;
  std::string tls_key;
  std::string web_root;
};

// The built web app: --web-root, else web/dist beside the working directory
// or beside the binary's build directory. Empty when there is none.
std::string FindWebRoot(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (std::filesystem::path p :
       {std::filesystem::path("web/dist"), exe.parent_path().parent_path() / "web" / "dist"}) {
    if (std::filesystem::is_regular_file(p / "index.html", ec)) return p.string();
  }
  return "";
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return Status::InvalidField("listen", "must be HOST:PORT");
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    size_t used = 0;
    port = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1) port = -1;
  } catch (...) {
    port = -1;
  }
  if (host.empty() || port < 0 || port > 65535) {
    return Status::InvalidField("listen", "must be HOST:PORT with a port from 0 to 65535");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

int RunServe(const ServeOptions& o) {
  auto listen = ParseListen(o.listen);
  if (!listen.ok()) {
    PrintError(listen.status());
    return 2;
  }
  // Block termination signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto opened = OpenAndMigrate(o.db);
  if (!opened.ok()) {
    PrintError(opened.status());
    return 1;
  }
  if (o.demo) {
    Status s = EnsureDemoCounty(*opened, o.demo_residents);
    if (!s.ok()) {
      PrintError(s);
      return 1;
    }
  }
  auto loaded_roles = auth::RoleCatalog::Load(o.roles);
  if (!loaded_roles.ok()) {
    PrintError(loaded_roles.status());
    return 2;
  }
  const auth::RoleCatalog& roles = *loaded_roles;
  auth::CredentialCache credentials;
  auth::Authenticator authenticator(*opened->db, roles, credentials);
  auth::UserRegistry users(*opened->db, roles, *opened->org_units, credentials);
  if (Status s = EnsureAdministrator(*opened, users, std::cout); !s.ok()) {
    PrintError(s);
    return 1;
  }
  if (o.demo) {
    if (Status s = EnsureDemoUsers(*opened, users, std::cout); !s.ok()) {
      PrintError(s);
      return 1;
    }
  }
  // With SQLite the read events go to a file of their own (audit/read_journal.h).
  auto journal = audit::OpenReadJournal(o.db);
  if (!journal.ok()) {
    PrintError(journal.status());
    return 1;
  }
  audit::AuditTrail audit_trail(*opened->db, std::chrono::milliseconds(1000), journal->get());

  // The live state: work points and worklists in memory, current to the last
  // write; built from the store before the first request.
  const ServiceCatalogue& catalogue = ServiceCatalogue::Default();
  const FollowUpRules& rules = FollowUpRules::Default();
  live::LiveState live(*opened->db, *opened->org_units, rules);
  {
    auto started = std::chrono::steady_clock::now();
    // One line rewritten in place on a terminal; a line each in a log.
    const bool tty = isatty(fileno(stderr)) != 0;
    Status built = live.Rebuild([tty](int64_t done) {
      if (done % 50000 != 0) return;
      std::cerr << (tty ? "\r" : "") << "live state: " << done << " residents" << (tty ? "" : "\n")
                << std::flush;
    });
    if (!built.ok()) {
      PrintError(built);
      return 1;
    }
    auto st = live.stats();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (tty) std::cerr << "\r";
    std::cout << "live state: " << st.residents << " active residents, "
              << live.Read([](const live::Aggregates& a) { return a.worklist.residents(); })
              << " on worklists, " << (st.bytes >> 20) << " MiB, built in "
              << static_cast<int>(secs * 1000) << " ms" << std::endl;
  }
  opened->residents->SetLive(&live);
  EnrolmentRegistry enrolments(*opened->db, DefaultCodeSets(), &live);
  ContractRegistry contracts(*opened->db, catalogue, DefaultCodeSets(), &live);
  ServiceRegistry services(*opened->db, catalogue, rules, DefaultCodeSets(), &live);
  FundRunRegistry funds(*opened->db, *opened->org_units, live);
  api::CareServices care{enrolments, contracts, services, funds, live, catalogue, rules};
  opened->org_units->SetOnChange([&live] { live.RequestRebuild(); });
  live.StartWatching();
  api::ApiContext ctx{*opened->db,        DefaultCodeSets(), *opened->org_units,
                      *opened->residents, authenticator,     users,
                      audit_trail};
  ctx.secure_cookies = !o.tls_cert.empty();
  ctx.care = &care;
  http::Router router;
  api::RegisterAllRoutes(router, ctx);
  std::shared_ptr<const web::StaticSite> site;
  if (std::string root = FindWebRoot(o.web_root); !root.empty()) {
    auto loaded = web::StaticSite::Load(root);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return 1;
    }
    site = *loaded;
    auto serve_site = [site](http::Request& r) { return site->Serve(r); };
    router.SetFallback(serve_site);
    router.Add("GET", "/", serve_site);
  }

  http::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.threads = o.threads;
  so.max_body_bytes = o.max_body_mb << 20;
  so.tls_cert_file = o.tls_cert;
  so.tls_key_file = o.tls_key;
  http::Server server(so, router);
  Status s = server.Start();
  if (!s.ok()) {
    PrintError(s);
    return 1;
  }
  std::string host = so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host;
  std::cout << "yilian listening on " << (server.tls() ? "https://" : "http://") << host << ":"
            << server.port() << "/" << std::endl;
  std::cout << "database: " << opened->db->Describe() << std::endl;
  if (site) {
    std::cout << "web app: " << site->files() << " files from " << site->root() << std::endl;
  } else {
    std::cout << "web app: not built (cd web && npm ci && npm run build); serving the API only"
              << std::endl;
  }

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {} received, shutting down", sig);
    server.Stop();
  });
  server.Run();
  // Run returns after Stop; wake the waiter if Run ended for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::cout << "yilian stopped" << std::endl;
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "run the HTTP API (and web app) on a database");
  cmd->add_option("--db", o->db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0 picks a free port)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "I/O threads (0 = one per core)")->capture_default_str();
  cmd->add_flag("--demo", o->demo, "generate a demo county first if the database is empty");
  cmd->add_option("--demo-residents", o->demo_residents, "residents in the demo county")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1000}, int64_t{5000000}));
  cmd->add_option("--max-body-mb", o->max_body_mb, "largest request body accepted, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--roles", o->roles, "a roles file replacing the built-in roles");
  cmd->add_option("--web-root", o->web_root, "the built web app (default: web/dist if present)");
  cmd->add_option("--tls-cert", o->tls_cert, "PEM certificate chain: serve HTTPS (with --tls-key)");
  cmd->add_option("--tls-key", o->tls_key, "PEM private key of --tls-cert (unencrypted)");
  cmd->callback([o] { ExitCode() = RunServe(*o); });
}

int& ExitCode() {
  static int code = 0;
  return code;
}

}  // namespace yilian::cli
