// Validation and normalisation of a resident's health record, free of I/O.
#pragma once

#include "codes/code_set.h"
#include "core/date.h"
#include "core/status.h"
#include "orgunit/org_tree.h"
#include "resident/resident.h"

namespace yilian {

// Normalises `r` (trimmed text, 18-character ID number, sex and birth date
// taken from a citizen ID when absent) and checks every rule of the personal
// basic information form: code sets, a real and consistent citizen ID,
// a birth date not in the future, an active village, phone formats, dates of
// conditions between birth and today. All problems are reported at once.
Status NormaliseAndValidateResident(Resident& r, const CodeSets& codes, const OrgTree& tree,
                                    Date today);

// Whether `s` can be a person's name: letters of any script (a code point
// outside ASCII, or an ASCII letter), spaces, '-', '.' and the middle dot of
// transcribed minority names ("阿依古丽·买买提"). No digits or other ASCII
// punctuation, so a quote or a semicolon is refused before it gets anywhere.
bool IsPersonName(std::string_view s);

// The 17-digit record number: the village's 12-digit division code (its first
// six digits are the GB/T 2260 county code, then township 3 + village 3)
// followed by a 5-digit sequence in order of creation within the village.
std::string FormatRecordNo(std::string_view village_code, int sequence);
bool IsWellFormedRecordNo(std::string_view s);

// Key populations that are derived from age, never stored.
bool IsChild0to6(const Resident& r, Date on);
bool IsElderly65(const Resident& r, Date on);

}  // namespace yilian
