// The types of cdktf's jest matchers (toHaveResourceWithProperties and friends), which
// test/setup.ts registers at run time.
import 'cdktf/lib/testing/adapters/jest';
