#pragma once
#include <optional>
#include <string>

#include "docs/helper_data.h"
#include "store/store.h"

namespace ksince {

// The docs site's helpers-functions.yaml schema written from the facts
// derived from the source at `at` (the newest selected tag by default):
// - groups are the kernel's func_proto functions: each lists the helpers its
//   own cases return a proto for (func_proto_helper) and the func_protos it
//   falls through to (func_proto_include, as `- group:`);
// - a program type lists `- group:` of its get_func_proto, then what makes
//   the reference's group flattening (resolve_helpers) give exactly the pairs
//   the verifier's chain gives (prog_helper): a direct entry for a pair the
//   groups do not give or give with another since, an `exclude:` for one the
//   chain blocks (a NULL case, a condition on the fall-through);
// - map types list their map_helper pairs.
// An entry carries `since` only where the pair came later than the helper
// itself (the convention of the site's file), and its conditions as the
// schema names them (kconfig, cap, attach_type, prog_trampoline,
// no_security_lockdown, sleepable, prog; attach_type_not, proto_allowed and
// other are kept under those names). Versions are written without the "v".
// Throws Error when the index has no derived helper facts at that tag.
HelperData helpers_from_facts(Store& store, const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince
