// sohoa users: the station's accounts from the command line (the first admin, scripted setups).
#include <cstdio>
#include <iostream>

#include "station/args.hpp"
#include "station/auth.hpp"
#include "station/commands.hpp"
#include "station/station.hpp"

namespace sohoa::station {

namespace {
const char* kUsage =
    "usage: sohoa users add USERNAME --role operator|clerk|supervisor|admin [--name \"Full Name\"] [--data DIR] [--store CONNECTION]\n"
    "       sohoa users passwd USERNAME [--data DIR] [--store CONNECTION]\n"
    "       sohoa users list [--data DIR] [--store CONNECTION]\n"
    "`add` and `passwd` read the password from the first line of standard input (at least 8 characters);\n"
    "`passwd` (a forgotten password, at the station's own machine) also ends the account's sessions.\n";
}  // namespace

int cmd_users(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const Args args(argv, {"role", "name", "data", "store"}, {});
  const auto& pos = args.positional();
  if (pos.empty() || (pos[0] != "add" && pos[0] != "passwd" && pos[0] != "list")) throw UsageError("needs add, passwd or list (sohoa users --help)");
  ServeOptions o;
  if (auto v = args.get("data")) o.data = *v;
  if (auto v = args.get("store")) o.store = *v;
  o.station = "cli";
  if (o.store.empty()) o.store = (o.data / "store.sqlite").string();
  std::filesystem::create_directories(o.data);
  Store store(o.store, o.station);
  if (pos[0] == "list") {
    for (const auto& u : store.users()) std::printf("%s\t%s\t%s%s\n", u.username.c_str(), u.role.c_str(), u.name.c_str(), u.active ? "" : "\t(disabled)");
    return 0;
  }
  if (pos.size() != 2) throw UsageError(pos[0] + " needs exactly one user name");
  std::string password;
  std::getline(std::cin, password);
  if (const auto weak = weak_password(password)) throw UsageError(*weak);
  if (pos[0] == "passwd") {
    if (!store.user(pos[1])) throw std::runtime_error("no account " + pos[1]);
    UserChange change;
    change.password_hash = hash_password(password);
    store.update_user(pos[1], change, "cli");
    std::printf("password of %s changed\n", pos[1].c_str());
    return 0;
  }
  const std::string role = args.require("role");
  if (!valid_role(role)) throw UsageError("--role must be operator, clerk, supervisor or admin, not " + role);
  store.create_user({pos[1], args.get("name").value_or(pos[1]), role, hash_password(password), true}, "cli");
  std::printf("account %s (%s) created\n", pos[1].c_str(), role.c_str());
  return 0;
}

}  // namespace sohoa::station
