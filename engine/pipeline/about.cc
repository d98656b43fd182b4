#include "pipeline/about.h"

#include "scan/matcher.h"
#include "store/schema_sql.h"

namespace ksince {

int schema_version_wanted() { return static_cast<int>(schema_migrations().size()); }

std::string version_report(const std::string& release) {
  MatchSemantics m = match_semantics();
  return "ksince " + release + "\nschema version " + std::to_string(schema_version_wanted()) +
         "\nmatch semantics: literal " + std::to_string(m.literal) + ", regex " + std::to_string(m.regex) + "\n";
}

}  // namespace ksince
