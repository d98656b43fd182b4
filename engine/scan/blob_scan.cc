#include "scan/blob_scan.h"

#include <memory>

#include "scan/blob_reader.h"

namespace ksince {

void scan_blobs(const std::string& git_dir, const Matcher& matcher, const std::vector<Oid>& blobs,
                unsigned jobs, const std::function<void(std::vector<ScannedBlob>&)>& sink) {
  read_blobs<ScannedBlob>(
      git_dir, blobs, jobs,
      [&]() -> BlobWork<ScannedBlob> {
        auto scratch = std::make_shared<HsScratch>(matcher.new_scratch());
        return [&matcher, scratch](uint32_t index, const std::string& bytes, ScannedBlob& out) {
          out.index = index;
          out.size = bytes.size();
          matcher.scan(bytes.data(), bytes.size(), scratch->get(), out.hits);
        };
      },
      sink);
}

}  // namespace ksince
