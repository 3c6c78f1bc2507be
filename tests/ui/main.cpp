#include "uitestenvironment.h"

int main(int argc, char **argv)
{
    testing::InitGoogleTest(&argc, argv);
    testing::AddGlobalTestEnvironment(new netfence::test::UiTestEnvironment);
    return RUN_ALL_TESTS();
}
