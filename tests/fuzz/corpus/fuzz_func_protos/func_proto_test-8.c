// SPDX-License-Identifier: GPL-2.0-only
const struct bpf_map_ops htab_map_ops = {
	.map_lookup_elem = htab_map_lookup_elem,
	.map_update_elem = htab_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
	.map_gen_lookup = htab_map_gen_lookup,
};
