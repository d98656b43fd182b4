#include "facts/extractors.h"

#include "facts/func_proto_extractor.h"
#include "facts/helper_defs_extractor.h"
#include "facts/kfunc_extractor.h"
#include "facts/uapi_enum_extractor.h"

namespace ksince {

std::vector<std::unique_ptr<Extractor>> default_extractors() {
  std::vector<std::unique_ptr<Extractor>> out;
  out.push_back(std::make_unique<UapiEnumExtractor>());
  out.push_back(std::make_unique<HelperDefsExtractor>());
  out.push_back(std::make_unique<FuncProtoExtractor>());
  out.push_back(std::make_unique<KfuncExtractor>());
  return out;
}

}  // namespace ksince
