// The subcommands of the sohoa executable. Each returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace sohoa::station {

int cmd_synth(const std::vector<std::string>& args);
int cmd_score(const std::vector<std::string>& args);
int cmd_prepare(const std::vector<std::string>& args);
int cmd_ingest(const std::vector<std::string>& args);
int cmd_read(const std::vector<std::string>& args);
int cmd_serve(const std::vector<std::string>& args);
int cmd_users(const std::vector<std::string>& args);
int cmd_separator(const std::vector<std::string>& args);
int cmd_split(const std::vector<std::string>& args);
int cmd_scan(const std::vector<std::string>& args);
int cmd_export(const std::vector<std::string>& args);
int cmd_upload(const std::vector<std::string>& args);
int cmd_intake(const std::vector<std::string>& args);

}  // namespace sohoa::station
