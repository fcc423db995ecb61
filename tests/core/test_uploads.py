from eropaf.core.uploads import announced_length


def test_the_announced_length_is_read_safely() -> None:
    assert announced_length({"CONTENT_LENGTH": "1024"}) == 1024
    assert announced_length({}) == 0
    assert announced_length({"CONTENT_LENGTH": ""}) == 0
    assert announced_length({"CONTENT_LENGTH": "-5"}) == 0
    assert announced_length({"CONTENT_LENGTH": "١٢"}) == 0  # digits, but not ASCII ones
