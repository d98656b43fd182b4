#pragma once
// The commands of the `ksince` binary, one file each (cli/*_cmd.cc): each
// parses its options, calls the library, and prints. Each returns the exit
// status (options.h) or throws; main.cc turns errors into messages.
#include <string>
#include <vector>

namespace ksince::cli {

int cmd_index(const std::vector<std::string>& args);
int cmd_query(const std::vector<std::string>& args);
int cmd_show(const std::vector<std::string>& args);
int cmd_history(const std::vector<std::string>& args);
int cmd_compat(const std::vector<std::string>& args);
int cmd_export(const std::vector<std::string>& args);
int cmd_status(const std::vector<std::string>& args);
int cmd_import(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_docs(const std::vector<std::string>& args);
int cmd_version();
// Hidden: the shell completions' names, and the build's man pages.
int cmd_complete_names(const std::vector<std::string>& args);
int cmd_man(const std::vector<std::string>& words);

// The whole command line (without argv[0]), as main() runs it.
int run_command(std::vector<std::string> args);

}  // namespace ksince::cli
