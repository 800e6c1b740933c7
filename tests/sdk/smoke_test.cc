#include "mapidefs.h"

#include <gtest/gtest.h>

TEST(SdkSmoke, PropValueIsWindowsX64Sized) { EXPECT_EQ(sizeof(SPropValue), 24u); }
