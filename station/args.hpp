// Command-line options of the sohoa subcommands: `--name value`, `--name=value`, flags and
// positional arguments, with errors that say exactly what was wrong.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sohoa::station {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `COMMAND --help` or `-h`: the command prints its usage and exits 0.
inline bool help_requested(const std::vector<std::string>& argv) {
  return !argv.empty() && (argv[0] == "--help" || argv[0] == "-h");
}

class Args {
 public:
  // value_options take a value; flags do not. Anything else starting with "--" is an error.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options, const std::set<std::string>& flags);

  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string require(const std::string& name) const;
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace sohoa::station
