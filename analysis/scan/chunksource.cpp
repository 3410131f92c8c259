// SPDX-License-Identifier: MIT
#include "chunksource.h"

namespace PlanLens {

ChunkSource::~ChunkSource() = default;

} // namespace PlanLens
